import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus, RotateCcw } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isProblem, splitFieldErrors } from '@/api/problem';
import { useUserName } from '@/api/users';
import { useMe } from '@/auth/AuthContext';
import { useFormat } from '@/i18n/format';
import {
  Badge, Button, ConfirmDialog, Dialog, EmptyState, Field, inputClass, PageHeader, ProblemView, Select, Spinner, toast,
  UserSelect, type BadgeTone,
} from '@/ui';
import { settingsKeys, useDeliveries, useWebhooks, webhookCalls, type Delivery, type Webhook } from './api';
import { FormProblem } from './FormProblem';
import styles from './settings.module.css';

const STATUS_TONE: Record<string, BadgeTone> = {
  active: 'success', delivered: 'success', paused: 'warning', pending: 'accent', disabled: 'neutral', failed: 'danger',
  cancelled: 'neutral',
};

/** Event types typed one per line or separated by commas (`pulse.deal.*`, `pulse.task.created.v1`). */
export function parseEventTypes(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((type) => type.trim()).filter(Boolean))];
}

export function WebhooksPage() {
  const { t } = useTranslation('settings');
  const hooks = useWebhooks();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ hook: Webhook; secret: string } | undefined>();
  const selected = hooks.data?.find((hook) => hook.id === params.get('webhook'));
  return (
    <>
      <PageHeader title={t('webhooks.title')} subtitle={t('webhooks.subtitle')}
        actions={<Button onClick={() => setCreating(true)}><Plus size={16} aria-hidden /> {t('webhooks.new')}</Button>} />
      {hooks.isPending && <Spinner />}
      {hooks.isError && <ProblemView error={hooks.error} onRetry={() => void hooks.refetch()} />}
      {hooks.isSuccess && hooks.data.length === 0 && <EmptyState title={t('webhooks.empty')} />}
      {hooks.isSuccess && hooks.data.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.target')}</th>
              <th scope="col">{t('webhooks.events')}</th>
              <th scope="col">{t('webhooks.status')}</th>
              <th scope="col"><span className="visually-hidden">{t('fields.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {hooks.data.map((hook) => (
              <tr key={hook.id} aria-current={hook.id === selected?.id || undefined}>
                <td className={styles.breakAll}>
                  {hook.targetUrl}
                  {hook.description && <div className="muted">{hook.description}</div>}
                </td>
                <td>{(hook.eventTypes ?? []).join(', ')}</td>
                <td><Badge tone={STATUS_TONE[hook.status ?? ''] ?? 'neutral'}>{t(`webhooks.state.${hook.status}`, { defaultValue: hook.status })}</Badge></td>
                <td className={styles.actionsCell}>
                  <Button size="sm" onClick={() => setParams({ webhook: hook.id! }, { replace: true })}
                    aria-label={t('webhooks.openNamed', { target: hook.targetUrl })}>
                    {t('webhooks.deliveries')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && <WebhookDetail key={selected.id} hook={selected} onSecret={(value) => setSecret({ hook: selected, secret: value })}
        onGone={() => setParams({}, { replace: true })} />}
      {creating && (
        <NewWebhookDialog onClose={() => setCreating(false)} onCreated={(hook) => {
          setCreating(false);
          setParams({ webhook: hook.id! }, { replace: true });
          if (hook.secret) setSecret({ hook, secret: hook.secret });
        }} />
      )}
      <Dialog open={!!secret} onOpenChange={(open) => !open && setSecret(undefined)} title={t('webhooks.secretTitle')}
        description={t('webhooks.secretOnce')}
        footer={<Button variant="primary" onClick={() => setSecret(undefined)}>{t('webhooks.secretStored')}</Button>}>
        <code className={styles.secret} data-testid="webhook-secret">{secret?.secret}</code>
        {secret?.hook.previousSecretUntil && (
          <p className="muted">{t('webhooks.previousUntil', { time: new Date(secret.hook.previousSecretUntil).toLocaleString() })}</p>
        )}
      </Dialog>
    </>
  );
}

const HOOK_FIELDS = ['targetUrl', 'eventTypes', 'description', 'ownerId', 'subject'] as const;

function NewWebhookDialog({ onClose, onCreated }: { onClose(): void; onCreated(hook: Webhook): void }) {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const [targetUrl, setTargetUrl] = useState('https://');
  const [events, setEvents] = useState('');
  const [description, setDescription] = useState('');
  const me = useMe();
  // the service's default too: the admin who creates it hears when it is paused
  const [ownerId, setOwnerId] = useState(me.id);
  const create = useMutation({
    mutationFn: async () => {
      const created = await webhookCalls.create({
        targetUrl: targetUrl.trim(), eventTypes: parseEventTypes(events),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(ownerId ? { ownerId } : {}),
      });
      await client.invalidateQueries({ queryKey: settingsKeys.webhooks });
      return created;
    },
    onSuccess: onCreated,
  });
  const fields = isProblem(create.error) ? splitFieldErrors(create.error, HOOK_FIELDS) : undefined;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={t('webhooks.new')} width={560}>
      <form className={styles.form} onSubmit={(event) => { event.preventDefault(); create.mutate(); }}>
        <Field label={t('webhooks.target')} required error={fields?.byField.targetUrl} hint={t('webhooks.targetHint')}>
          <input className={inputClass} type="url" value={targetUrl} required onChange={(event) => setTargetUrl(event.target.value)} />
        </Field>
        <Field label={t('webhooks.events')} required hint={t('webhooks.eventsHint')} error={fields?.byField.eventTypes}>
          <textarea className={inputClass} rows={3} value={events} required onChange={(event) => setEvents(event.target.value)} />
        </Field>
        <Field label={t('webhooks.description')} error={fields?.byField.description}>
          <input className={inputClass} value={description} onChange={(event) => setDescription(event.target.value)} />
        </Field>
        <Field label={t('webhooks.owner')} hint={t('webhooks.ownerHint')} error={fields?.byField.ownerId}>
          <UserSelect value={ownerId} onChange={(event) => setOwnerId(event.target.value)} />
        </Field>
        <FormProblem error={create.error} other={fields?.other} />
        <div className={styles.formActions}>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" variant="primary" busy={create.isPending}>{t('common:action.create')}</Button>
        </div>
      </form>
    </Dialog>
  );
}

function WebhookDetail({ hook, onSecret, onGone }: { hook: Webhook; onSecret(secret: string): void; onGone(): void }) {
  const { t } = useTranslation('settings');
  const client = useQueryClient();
  const userName = useUserName();
  const format = useFormat();
  const [status, setStatus] = useState('');
  const [since, setSince] = useState('');
  const [confirm, setConfirm] = useState<'rotate' | 'delete' | undefined>();
  const deliveries = useDeliveries(hook.id!, status);

  // one action at a time on a subscription: its name says which button is busy and where an error belongs
  const action = useMutation({
    mutationFn: async ({ run }: { what: string; run: () => Promise<void> }) => {
      await run();
      await client.invalidateQueries({ queryKey: ['webhook'] });
    },
  });
  const busy = action.isPending ? action.variables.what : undefined;
  const error = action.error ?? undefined;
  const run = (what: string, work: () => Promise<void>) => action.mutate({ what, run: work });
  const rotate = () => run('rotate', async () => {
    const rotated = await webhookCalls.rotate(hook);
    setConfirm(undefined);
    if (rotated.secret) onSecret(rotated.secret);
  });
  const remove = () => run('delete', async () => {
    await webhookCalls.remove(hook);
    setConfirm(undefined);
    onGone();
  });
  const toggle = () => run('toggle', async () => {
    await webhookCalls.update(hook, { active: hook.status !== 'active' });
  });
  const replay = (event: FormEvent) => {
    event.preventDefault();
    run('replay', async () => {
      const result = await webhookCalls.replay(hook.id!, new Date(since).toISOString());
      toast({ title: t('webhooks.replayed', { count: result.requeued ?? 0 }), tone: 'success' });
    });
  };
  const redeliver = (delivery: Delivery) => run(`redeliver-${delivery.id}`, async () => {
    await webhookCalls.redeliver(hook.id!, delivery.id!);
    toast({ title: t('webhooks.redelivered'), tone: 'success' });
  });
  const replayError = isProblem(error) ? splitFieldErrors(error, ['since']).byField.since : undefined;

  return (
    <section className={styles.card} aria-labelledby="webhook-detail">
      <div className={styles.sectionHeader}>
        <h2 id="webhook-detail" className={styles.breakAll}>{hook.targetUrl}</h2>
        <div className={styles.rowActions}>
          <Button size="sm" busy={busy === 'toggle'} onClick={toggle}>
            {hook.status === 'active' ? t('webhooks.pause') : t('webhooks.resume')}
          </Button>
          <Button size="sm" onClick={() => { action.reset(); setConfirm('rotate'); }}>{t('webhooks.rotate')}</Button>
          <Button size="sm" variant="danger" onClick={() => { action.reset(); setConfirm('delete'); }}>{t('common:action.delete')}</Button>
        </div>
      </div>
      <dl className={styles.facts}>
        <div><dt>{t('webhooks.status')}</dt><dd>{t(`webhooks.state.${hook.status}`, { defaultValue: hook.status })}
          {hook.disabledReason && ` · ${hook.disabledReason}`}</dd></div>
        <div><dt>{t('webhooks.events')}</dt><dd>{(hook.eventTypes ?? []).join(', ')}</dd></div>
        <div><dt>{t('webhooks.owner')}</dt><dd>{hook.ownerId ? userName(hook.ownerId) : '—'}</dd></div>
        <div><dt>{t('webhooks.failures')}</dt><dd>{hook.consecutiveFailures ?? 0}</dd></div>
      </dl>
      {error !== undefined && !replayError && !confirm && <ProblemView error={error} compact />}

      <form className={styles.inlineForm} onSubmit={replay}>
        <Field label={t('webhooks.replaySince')} hint={t('webhooks.replayHint')} error={replayError}>
          <input className={inputClass} type="datetime-local" value={since} required onChange={(event) => setSince(event.target.value)} />
        </Field>
        <Button type="submit" busy={busy === 'replay'}><RotateCcw size={14} aria-hidden /> {t('webhooks.replay')}</Button>
      </form>

      <div className={styles.sectionHeader}>
        <h3>{t('webhooks.log')}</h3>
        <Field label={t('webhooks.filterStatus')}>
          <Select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">{t('webhooks.allStatuses')}</option>
            {['pending', 'delivered', 'failed', 'cancelled'].map((s) => <option key={s} value={s}>{t(`webhooks.state.${s}`)}</option>)}
          </Select>
        </Field>
      </div>
      {deliveries.isPending && <Spinner />}
      {deliveries.isError && <ProblemView error={deliveries.error} onRetry={() => void deliveries.refetch()} />}
      {deliveries.isSuccess && (deliveries.data.items ?? []).length === 0 && <EmptyState title={t('webhooks.noDeliveries')} />}
      {deliveries.isSuccess && (deliveries.data.items ?? []).length > 0 && (
        <table className={styles.table} data-testid="delivery-log">
          <thead>
            <tr>
              <th scope="col">{t('webhooks.event')}</th>
              <th scope="col">{t('webhooks.status')}</th>
              <th scope="col">{t('webhooks.attempts')}</th>
              <th scope="col">{t('webhooks.when')}</th>
              <th scope="col"><span className="visually-hidden">{t('fields.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {(deliveries.data.items ?? []).map((delivery) => {
              const last = delivery.attempts?.[delivery.attempts.length - 1];
              return (
                <tr key={delivery.id} data-delivery-id={delivery.id}>
                  <td><code>{delivery.eventType}</code></td>
                  <td>
                    <Badge tone={STATUS_TONE[delivery.status ?? ''] ?? 'neutral'}>{t(`webhooks.state.${delivery.status}`, { defaultValue: delivery.status })}</Badge>
                    {delivery.lastError && <div className={styles.error}>{delivery.lastError}</div>}
                  </td>
                  <td>
                    {(delivery.attempts ?? []).length > 0 ? (
                      <details>
                        <summary>{t('webhooks.attemptCount', { count: delivery.attemptCount ?? delivery.attempts?.length ?? 0 })}
                          {last?.statusCode ? ` · HTTP ${last.statusCode}` : ''}</summary>
                        <ol className={styles.attempts}>
                          {(delivery.attempts ?? []).map((attempt) => (
                            <li key={attempt.number}>
                              {format.dateTime(attempt.at)} · {attempt.statusCode ? `HTTP ${attempt.statusCode}` : attempt.error}
                              {attempt.latencyMs !== undefined && ` · ${attempt.latencyMs} ms`}
                            </li>
                          ))}
                        </ol>
                      </details>
                    ) : t('webhooks.attemptCount', { count: 0 })}
                  </td>
                  <td>{format.dateTime(delivery.createdAt)}</td>
                  <td className={styles.actionsCell}>
                    <Button size="sm" busy={busy === `redeliver-${delivery.id}`} onClick={() => redeliver(delivery)}
                      aria-label={t('webhooks.redeliverNamed', { event: delivery.eventType })}>
                      {t('webhooks.redeliver')}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ConfirmDialog open={confirm === 'rotate'} onOpenChange={(open) => !open && setConfirm(undefined)} busy={busy === 'rotate'}
        title={t('webhooks.rotate')} confirmLabel={t('webhooks.rotate')} onConfirm={rotate}>
        <p>{t('webhooks.rotateHint')}</p>
        {error !== undefined && <ProblemView error={error} compact />}
      </ConfirmDialog>
      <ConfirmDialog open={confirm === 'delete'} onOpenChange={(open) => !open && setConfirm(undefined)} busy={busy === 'delete'} danger
        title={t('webhooks.deleteNamed', { target: hook.targetUrl })} confirmLabel={t('common:action.delete')} onConfirm={remove}>
        <p>{t('webhooks.deleteHint')}</p>
        {error !== undefined && <ProblemView error={error} compact />}
      </ConfirmDialog>
    </section>
  );
}
