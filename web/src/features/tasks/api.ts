import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, idempotencyKey, ifMatch } from '@/api/client';
import type { components } from '@/api/generated/tasks-service';
import { browserTimeZone } from './agenda';
import { downloadExport, type ExportKind } from '@/api/download';

export type Task = components['schemas']['TaskResponse'];
export type Agenda = components['schemas']['Agenda'];
export type TeamWorkload = components['schemas']['TeamWorkload'];
export type TaskTypeInfo = components['schemas']['TaskTypeInfo'];
export type TaskRequest = components['schemas']['TaskRequest'];
export type FollowUp = components['schemas']['FollowUp'];

export const TASK_TYPES = ['call', 'meeting', 'email', 'todo', 'deadline'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export interface TaskFilters {
  contactId?: string;
  companyId?: string;
  dealId?: string;
  assigneeId?: string;
  status?: string;
}

/** Query keys start with the record type ('task'), so a live change hint refreshes every view of tasks. */
export const taskKeys = {
  all: ['task'] as const,
  agenda: (assigneeId: string | undefined, timeZone: string) => ['task', 'agenda', assigneeId ?? 'me', timeZone] as const,
  detail: (id: string) => ['task', 'detail', id] as const,
  history: (id: string) => ['task', 'history', id] as const,
  list: (filters: TaskFilters) => ['task', 'list', filters] as const,
  team: (team: string | undefined, timeZone: string) => ['task', 'team', team ?? 'mine', timeZone] as const,
};

/** Types and what they ask for: configuration, not records (not refreshed by task changes). */
const typesKey = ['task-types'] as const;

export function useTaskTypes() {
  return useQuery({
    queryKey: typesKey,
    queryFn: () => call(api().tasks.GET('/api/tasks/types')),
    staleTime: 60 * 60_000,
  });
}

/** What completing a task asks for: its type's fields and its own. */
export function requiredToComplete(task: Task, types: readonly TaskTypeInfo[] | undefined): string[] {
  const byType = types?.find((info) => info.type === task.type)?.requiredFields ?? [];
  return [...new Set([...byType, ...(task.requiredFields ?? [])])];
}

export function useAgenda(assigneeId?: string, timeZone: string = browserTimeZone()) {
  return useQuery({
    queryKey: taskKeys.agenda(assigneeId, timeZone),
    queryFn: ({ signal }) =>
      call(api().tasks.GET('/api/tasks/agenda', { params: { query: { timeZone, days: 7, assigneeId } }, signal })),
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: taskKeys.detail(id),
    queryFn: ({ signal }) => call(api().tasks.GET('/api/tasks/{id}', { params: { path: { id } }, signal })),
  });
}

export function useTaskHistory(id: string) {
  return useQuery({
    queryKey: taskKeys.history(id),
    queryFn: ({ signal }) => call(api().tasks.GET('/api/tasks/{id}/history', { params: { path: { id }, query: { limit: 50 } }, signal })),
  });
}

/** Tasks of a contact, company or deal (their pages show them), a cursor page at a time. */
export function useTaskList(filters: TaskFilters) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(api().tasks.GET('/api/tasks', { params: { query: { ...filters, limit: 50, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useTeamWorkload(team: string | undefined, enabled: boolean, timeZone: string = browserTimeZone()) {
  return useQuery({
    queryKey: taskKeys.team(team, timeZone),
    queryFn: ({ signal }) => call(api().tasks.GET('/api/tasks/team', { params: { query: { team, timeZone, limit: 50 } }, signal })),
    enabled,
  });
}

/** After any change of a task: every task view may show it (agenda, lists, team view, the task itself). */
function useTaskChanged() {
  const queryClient = useQueryClient();
  return (task?: Task) => {
    if (task?.id) queryClient.setQueryData(taskKeys.detail(task.id), task);
    void queryClient.invalidateQueries({ queryKey: taskKeys.all });
  };
}

export function useCreateTask() {
  const changed = useTaskChanged();
  return useMutation({
    mutationFn: ({ body, key }: { body: TaskRequest; key: Record<string, string> }) =>
      call(api().tasks.POST('/api/tasks', { body, headers: key })),
    onSuccess: changed,
  });
}

export function useUpdateTask() {
  const changed = useTaskChanged();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number | undefined; patch: Record<string, unknown> }) =>
      call(api().tasks.PATCH('/api/tasks/{id}', {
        params: { path: { id } },
        body: patch as never,
        headers: { ...ifMatch(version), 'Content-Type': 'application/merge-patch+json' },
      })),
    onSuccess: changed,
  });
}

export function useAssignTask() {
  const changed = useTaskChanged();
  return useMutation({
    mutationFn: ({ id, version, assigneeId }: { id: string; version: number | undefined; assigneeId: string }) =>
      call(api().tasks.POST('/api/tasks/{id}/assign', { params: { path: { id } }, body: { assigneeId }, headers: ifMatch(version) })),
    onSuccess: changed,
  });
}

export interface Completion {
  outcome?: string;
  fields?: Record<string, string>;
  /** Set on the task just before completing it: the service creates it once the task is done. */
  followUp?: FollowUp;
}

/**
 * Completes a task. A follow-up is the task's `followUp` template (the service creates the next task from the
 * completion, exactly once), so it is set first, with the version read, then the task is completed at the new version.
 */
export function useCompleteTask() {
  const changed = useTaskChanged();
  return useMutation({
    mutationFn: async ({ task, completion }: { task: Task; completion: Completion }) => {
      const id = task.id as string;
      let version = task.version;
      if (completion.followUp) {
        const updated = await call(api().tasks.PATCH('/api/tasks/{id}', {
          params: { path: { id } },
          body: { followUp: completion.followUp } as never,
          headers: { ...ifMatch(version), 'Content-Type': 'application/merge-patch+json' },
        }));
        version = updated.version;
      }
      return call(api().tasks.POST('/api/tasks/{id}/complete', {
        params: { path: { id } },
        body: { outcome: completion.outcome || undefined, fields: completion.fields },
        headers: ifMatch(version),
      }));
    },
    onSuccess: changed,
    onError: () => changed(),
  });
}

export function useCancelTask() {
  const changed = useTaskChanged();
  return useMutation({
    mutationFn: ({ task, reason }: { task: Task; reason?: string }) =>
      call(api().tasks.POST('/api/tasks/{id}/cancel', {
        params: { path: { id: task.id as string } }, body: { reason: reason || undefined }, headers: ifMatch(task.version),
      })),
    onSuccess: changed,
  });
}

export function useReopenTask() {
  const changed = useTaskChanged();
  return useMutation({
    mutationFn: (task: Task) =>
      call(api().tasks.POST('/api/tasks/{id}/reopen', { params: { path: { id: task.id as string } }, headers: ifMatch(task.version) })),
    onSuccess: changed,
  });
}

export function useIssueCalendarFeed() {
  return useMutation({
    mutationFn: () => call(api().tasks.POST('/api/tasks/calendar-feeds', { body: {}, headers: idempotencyKey() })),
  });
}

/** An assignee's open tasks (what the agenda shows) as a file, from tasks-service's export of the task list. */
export function downloadAgenda(assigneeId: string, kind: ExportKind): Promise<void> {
  return downloadExport({ path: '/api/tasks/export', filters: { assigneeId, status: 'open' }, name: 'tasks', kind });
}
