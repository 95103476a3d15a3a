import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Bookmark, ChevronDown, Users } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { useUserName } from '@/api/users';
import { useMe } from '@/auth/AuthContext';
import { Badge, Button, ConfirmDialog, Field, inputClass, ProblemView, toast } from '@/ui';
import {
  createSegment, deleteSegment, patchSegment, segmentKeys, useSegments, type Segment, type Sharing,
} from './api';
import { filtersFromParams, sameFilters, toApiParams, type ListFilters } from './filters';
import { FormDialog } from './FormDialog';
import styles from './contacts.module.css';

const SHARINGS: Sharing[] = ['private', 'team', 'everyone'];

/**
 * Saved segments of the contact list: open one (its filter becomes the list's), save the current filters as a new
 * one shared privately, with the team or with everyone, and update or delete the one open (when the person may).
 */
export function SegmentsBar({
  filters, segmentId, onOpen,
}: {
  filters: ListFilters;
  segmentId: string | undefined;
  onOpen(segment: Segment | undefined): void;
}) {
  const { t } = useTranslation('contacts');
  const me = useMe();
  const userName = useUserName();
  const segments = useSegments();
  const client = useQueryClient();
  const [dialog, setDialog] = useState<'save' | 'edit' | 'delete' | null>(null);
  const active = segments.data?.find((segment) => segment.id === segmentId);
  const modified = !!active && !sameFilters(filters, filtersFromParams(active.filter ?? {}));

  const update = useMutation({
    mutationFn: (patch: Record<string, unknown>) => patchSegment(active as Segment, patch),
    onSuccess: (saved) => {
      client.setQueryData<Segment[]>(segmentKeys.all, (list) => list?.map((s) => (s.id === saved.id ? saved : s)));
      toast({ title: t('segments.updated', { name: saved.name }), tone: 'success' });
      setDialog(null);
    },
    onError: () => void client.invalidateQueries({ queryKey: segmentKeys.all }),
  });
  const remove = useMutation({
    mutationFn: () => deleteSegment(active as Segment),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: segmentKeys.all });
      toast({ title: t('segments.deleted', { name: active?.name }), tone: 'success' });
      setDialog(null);
      onOpen(undefined);
    },
  });

  const mine = (segments.data ?? []).filter((s) => s.ownerId === me.id);
  const shared = (segments.data ?? []).filter((s) => s.ownerId !== me.id);
  return (
    <div className={styles.segments}>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <Button>
            <Bookmark size={15} aria-hidden /> {active ? active.name : t('segments.button')} <ChevronDown size={14} aria-hidden />
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className={styles.menu} align="start" sideOffset={6}>
            {segments.isError && (
              <div className={styles.menuNote}>
                <ProblemView error={segments.error} onRetry={() => void segments.refetch()} compact />
              </div>
            )}
            {segments.isPending && <div className={styles.menuNote}>{t('common:app.loading')}</div>}
            {segments.data && segments.data.length === 0 && <div className={styles.menuNote}>{t('segments.none')}</div>}
            {mine.length > 0 && <DropdownMenu.Label className={styles.menuLabel}>{t('segments.mine')}</DropdownMenu.Label>}
            {mine.map((segment) => (
              <SegmentItem key={segment.id} segment={segment} onSelect={() => onOpen(segment)} />
            ))}
            {shared.length > 0 && <DropdownMenu.Label className={styles.menuLabel}>{t('segments.sharedWithMe')}</DropdownMenu.Label>}
            {shared.map((segment) => (
              <SegmentItem key={segment.id} segment={segment} owner={userName(segment.ownerId)} onSelect={() => onOpen(segment)} />
            ))}
            {active && (
              <>
                <DropdownMenu.Separator className={styles.separator} />
                <DropdownMenu.Item className={styles.menuItem} onSelect={() => onOpen(undefined)}>{t('segments.close')}</DropdownMenu.Item>
              </>
            )}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {active && active.sharing !== 'private' && (
        <Badge tone="accent"><Users size={12} aria-hidden /> {t(`segments.sharing.${active.sharing}`)}</Badge>
      )}
      {active && modified && <span className="muted">{t('segments.modified')}</span>}
      {active?.editable && modified && (
        <Button size="sm" onClick={() => update.mutate({ filter: toApiParams(filters) })} busy={update.isPending}>
          {t('segments.saveChanges')}
        </Button>
      )}
      {((!active && Object.keys(toApiParams({ ...filters, sort: undefined })).length > 0) || modified) && (
        <Button size="sm" variant="ghost" onClick={() => setDialog('save')}>{t('segments.saveAs')}</Button>
      )}
      {active?.editable && (
        <>
          <Button size="sm" variant="ghost" onClick={() => setDialog('edit')}>{t('segments.edit')}</Button>
          <Button size="sm" variant="ghost" onClick={() => setDialog('delete')}>{t('common:action.delete')}</Button>
        </>
      )}
      {update.isError && !dialog && <ProblemView error={update.error} compact />}
      {dialog === 'save' && (
        <SegmentDialog
          title={t('segments.saveTitle')}
          initial={{ name: '', description: '', sharing: 'private' }}
          submit={async (values) => {
            const created = await createSegment({ ...values, filter: toApiParams(filters) });
            client.setQueryData<Segment[]>(segmentKeys.all, (list) => [...(list ?? []), created]);
            toast({ title: t('segments.saved', { name: created.name }), tone: 'success' });
            onOpen(created);
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'edit' && active && (
        <SegmentDialog
          title={t('segments.editTitle')}
          initial={{ name: active.name ?? '', description: active.description ?? '', sharing: (active.sharing ?? 'private') as Sharing }}
          submit={(values) => update.mutateAsync({ ...values, description: values.description || null })}
          onClose={() => setDialog(null)}
        />
      )}
      <ConfirmDialog
        open={dialog === 'delete'}
        onOpenChange={(open) => !open && setDialog(null)}
        title={t('segments.deleteTitle', { name: active?.name })}
        confirmLabel={t('common:action.delete')}
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        danger
      >
        <p>{t('segments.deleteHint')}</p>
        {remove.isError && <ProblemView error={remove.error} compact />}
      </ConfirmDialog>
    </div>
  );
}

function SegmentItem({ segment, owner, onSelect }: { segment: Segment; owner?: string; onSelect(): void }) {
  const { t } = useTranslation('contacts');
  return (
    <DropdownMenu.Item className={styles.menuItem} onSelect={onSelect}>
      <span className="grow">{segment.name}</span>
      {owner && <span className="muted"> · {owner}</span>}
      {segment.sharing !== 'private' && <span className="muted"> · {t(`segments.sharing.${segment.sharing}`)}</span>}
    </DropdownMenu.Item>
  );
}

interface SegmentValues {
  name: string;
  description: string;
  sharing: Sharing;
}

function SegmentDialog({
  title, initial, submit, onClose,
}: {
  title: string;
  initial: SegmentValues;
  submit(values: SegmentValues): Promise<unknown>;
  onClose(): void;
}) {
  const { t } = useTranslation('contacts');
  const [values, setValues] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const fields = error && isProblem(error) ? splitFieldErrors(error, ['name', 'description', 'sharing']) : undefined;
  // a name already taken is a 409 without field errors: it belongs beside the name
  const nameTaken = isProblem(error) && error.status === 409 ? error.detail ?? error.title : undefined;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await submit({ ...values, name: values.name.trim(), description: values.description.trim() });
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormDialog formId="segment-form" title={title} submitLabel={t('common:action.save')} busy={busy} onClose={onClose}>
      <form id="segment-form" className="stack" onSubmit={(event) => void onSubmit(event)}>
        <Field label={t('segments.name')} required error={fields?.byField.name ?? nameTaken}>
          <input className={inputClass} value={values.name} autoFocus maxLength={100}
            onChange={(e) => setValues({ ...values, name: e.target.value })} />
        </Field>
        <Field label={t('segments.description')} error={fields?.byField.description}>
          <textarea className={inputClass} rows={2} value={values.description} maxLength={1000}
            onChange={(e) => setValues({ ...values, description: e.target.value })} />
        </Field>
        <fieldset className={styles.fieldset}>
          <legend>{t('segments.shareWith')}</legend>
          {SHARINGS.map((sharing) => (
            <label key={sharing} className="row">
              <input type="radio" name="sharing" value={sharing} checked={values.sharing === sharing}
                onChange={() => setValues({ ...values, sharing })} />
              {t(`segments.sharing.${sharing}`)} <span className="muted">— {t(`segments.sharingHint.${sharing}`)}</span>
            </label>
          ))}
          {fields?.byField.sharing && <div className={styles.fieldError} role="alert">{fields.byField.sharing}</div>}
        </fieldset>
        {error !== undefined && !nameTaken && (!fields || fields.other.length > 0 || Object.keys(fields.byField).length === 0) && (
          <>
            {fields && fields.other.length > 0 ? (
              <ul className={styles.fieldError}>{fields.other.map((m) => <li key={m}>{m}</li>)}</ul>
            ) : (
              <ProblemView error={error} compact />
            )}
          </>
        )}
      </form>
    </FormDialog>
  );
}
