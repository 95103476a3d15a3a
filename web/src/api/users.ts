import { useQuery } from '@tanstack/react-query';
import { api, json } from './client';

/** A member of the users directory (identity-service's /api/users). */
export interface User {
  id: string;
  name: string;
  email?: string;
  roles: string[];
  team?: string;
  managerId?: string;
}

export interface Team {
  id: string;
  name: string;
  managerId?: string;
  memberIds: string[];
}

export const userKeys = {
  all: ['users'] as const,
  teams: ['teams'] as const,
};

/** The whole directory (small: a sales organisation's people), cached for the session. */
export function useUsers() {
  return useQuery({
    queryKey: userKeys.all,
    queryFn: () => json<User[]>(api().fetch('/api/users')),
    staleTime: 5 * 60_000,
  });
}

export function useTeams() {
  return useQuery({
    queryKey: userKeys.teams,
    queryFn: () => json<Team[]>(api().fetch('/api/teams')),
    staleTime: 5 * 60_000,
  });
}

/** A user's display name from the directory, or their id while it loads (or when they left). */
export function useUserName(): (id: string | null | undefined) => string {
  const { data } = useUsers();
  return (id) => {
    if (!id) return '';
    return data?.find((user) => user.id === id)?.name ?? id;
  };
}
