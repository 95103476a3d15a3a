import { Flag, ListTodo, Mail, Phone, Users, type LucideIcon } from 'lucide-react';

const ICONS: Record<string, LucideIcon> = { call: Phone, meeting: Users, email: Mail, todo: ListTodo, deadline: Flag };

/** The icon of a task type (a to-do for types this version of the app does not know). */
export function TaskTypeIcon({ type, size = 16 }: { type: string | undefined; size?: number }) {
  const Icon = ICONS[type ?? ''] ?? ListTodo;
  return <Icon size={size} aria-hidden />;
}
