import { forwardRef, type SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '@/api/users';
import { Select } from './Select';

export interface UserSelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children'> {
  /** Only these users (e.g. a manager's team); everyone in the directory when absent. */
  filter?: (user: { id: string; team?: string; roles: string[] }) => boolean;
  /** The label of the empty choice; no empty choice when absent. */
  emptyLabel?: string;
}

/** Picks a person from the users directory (owners, assignees), by name. */
export const UserSelect = forwardRef<HTMLSelectElement, UserSelectProps>(function UserSelect(
  { filter, emptyLabel, ...rest },
  ref,
) {
  const { t } = useTranslation();
  const users = useUsers();
  const choices = (users.data ?? []).filter((user) => !filter || filter(user))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Select ref={ref} {...rest} disabled={rest.disabled || users.isPending}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {users.isPending && <option value={rest.value as string | undefined}>{t('app.loading')}</option>}
      {choices.map((user) => (
        <option key={user.id} value={user.id}>
          {user.name}
        </option>
      ))}
    </Select>
  );
});
