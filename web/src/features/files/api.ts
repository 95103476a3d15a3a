import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, json } from '@/api/client';
import type { components } from '@/api/generated/deals-service';
import { ProblemError } from '@/api/problem';
import { saveFile } from '@/ui/csv';

/** A file kept with a record (the same shape from contacts-service and deals-service). */
export type StoredFile = components['schemas']['FileView'];

/** The records that have files, by their API path segment. */
export type FileRecord = 'contacts' | 'companies' | 'deals';

/** Query keys start with the record type, so live updates of the record refresh its files too. */
const RECORD_TYPE: Record<FileRecord, string> = { contacts: 'contact', companies: 'company', deals: 'deal' };

export function filesKey(record: FileRecord, id: string) {
  return [RECORD_TYPE[record], id, 'files'] as const;
}

function filesPath(record: FileRecord, id: string): string {
  return `/api/${record}/${encodeURIComponent(id)}/files`;
}

export function useFiles(record: FileRecord, id: string) {
  return useQuery({
    queryKey: filesKey(record, id),
    queryFn: () => json<{ items?: StoredFile[] }>(api().fetch(filesPath(record, id), { headers: { Accept: 'application/json' } }))
      .then((list) => list.items ?? []),
  });
}

/** Uploads one file (multipart, part `file`), reporting the share of it sent. */
export function useUploadFile(record: FileRecord, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress?: (fraction: number) => void }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api().upload<StoredFile>(filesPath(record, id), form, onProgress);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: filesKey(record, id) }),
  });
}

export function useDeleteFile(record: FileRecord, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (fileId: string) => {
      const answer = await api().fetch(`${filesPath(record, id)}/${encodeURIComponent(fileId)}`, { method: 'DELETE' })
        .catch((cause: unknown) => { throw ProblemError.network(cause); });
      if (!answer.ok) await json(Promise.resolve(answer)); // throws the problem
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: filesKey(record, id) }),
  });
}

/** Fetches the bytes with the person's token (a plain link cannot carry it) and saves them under the file's name. */
export async function downloadFile(record: FileRecord, id: string, file: StoredFile): Promise<void> {
  const answer = await api().fetch(`${filesPath(record, id)}/${encodeURIComponent(file.id ?? '')}/content`, {
    headers: { Accept: '*/*' },
  }).catch((cause: unknown) => { throw ProblemError.network(cause); });
  if (!answer.ok) await json(Promise.resolve(answer));
  saveFile(await answer.blob(), file.filename ?? 'file');
}
