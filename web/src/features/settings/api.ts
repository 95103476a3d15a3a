import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, idempotencyKey, ifMatch, readAllPages } from '@/api/client';
import type { components as ContactsSchemas } from '@/api/generated/contacts-service';
import type { components as DealsSchemas } from '@/api/generated/deals-service';
import type { components as NotificationSchemas } from '@/api/generated/notification-service';
import { customFieldKeys, type ObjectType } from '@/features/contacts/api';
import { pipelineKeys } from '@/features/deals/api';

export type Pipeline = DealsSchemas['schemas']['PipelineResponse'];
export type Stage = DealsSchemas['schemas']['StageSnapshot'];
export type StageInput = DealsSchemas['schemas']['UpdateStage'];
export type CustomField = ContactsSchemas['schemas']['CustomFieldDefinition'];
export type CustomFieldInput = ContactsSchemas['schemas']['DefinitionRequest'];
export type LeadForm = ContactsSchemas['schemas']['FormResponse'];
export type LeadFormInput = ContactsSchemas['schemas']['FormRequest'];
export type Webhook = NotificationSchemas['schemas']['WebhookResponse'];
export type WebhookInput = NotificationSchemas['schemas']['WebhookRequest'];
export type Delivery = NotificationSchemas['schemas']['DeliveryResponse'];
export type Preferences = NotificationSchemas['schemas']['EffectivePreferences'];
export type PreferencesInput = NotificationSchemas['schemas']['PreferencesRequest'];
export { customFieldKeys, pipelineKeys, type ObjectType };

/** The types a custom field may have (contacts-service customfields). */
export const FIELD_TYPES = ['text', 'number', 'money', 'date', 'select', 'multi_select', 'boolean', 'url'] as const;
export const OPTION_TYPES: readonly string[] = ['select', 'multi_select'];

/** The notification types a person can route (notification-service README, "Inbox API"). */
export const NOTIFICATION_TYPES = [
  'task_assigned', 'task_reminder', 'task_overdue', 'task_overdue_report', 'deal_won', 'deal_lost', 'team_deal_won',
  'team_deal_lost', 'automation',
] as const;
export const CHANNELS = ['in_app', 'email'] as const;

/**
 * Query keys start with the record type: 'pipeline' and 'customField' are shared with the deals and contacts screens,
 * so a change made here shows there at once; the others are configuration only this feature reads.
 */
export const settingsKeys = {
  leadForms: ['leadForm', 'list'] as const,
  webhooks: ['webhook', 'list'] as const,
  deliveries: (id: string, status: string) => ['webhook', 'deliveries', id, status] as const,
  preferences: ['notification', 'preferences'] as const,
  myPhoneRegion: ['contact', 'phoneRegion', 'mine'] as const,
  organisationPhoneRegion: ['contact', 'phoneRegion', 'organisation'] as const,
};

/** A region's name in the UI language ("Bulgaria", "Болгария"), else its code as written. */
export function regionName(code: string | undefined, language: string): string {
  const upper = (code ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) return code ?? '';
  try {
    const name = new Intl.DisplayNames([language], { type: 'region' }).of(upper);
    return name && name !== upper ? `${name} (${upper})` : upper;
  } catch {
    return upper;
  }
}

export function usePipelineList() {
  return useQuery({
    queryKey: pipelineKeys.list,
    queryFn: ({ signal }): Promise<Pipeline[]> => readAllPages((cursor) =>
      call(api().deals.GET('/api/pipelines', { params: { query: { limit: 200, cursor } }, signal }))),
  });
}

/** Pipeline writes answer the whole pipeline: it replaces the cached one, then the list is read again. */
export function usePipelineWrites() {
  const client = useQueryClient();
  const done = (pipeline: Pipeline) => {
    client.setQueryData<Pipeline[]>(pipelineKeys.list, (list) => list?.map((p) => (p.id === pipeline.id ? pipeline : p)));
    void client.invalidateQueries({ queryKey: pipelineKeys.all });
    return pipeline;
  };
  return {
    create: async (name: string) => {
      const created = await call(api().deals.POST('/api/pipelines', {
        body: {
          name,
          lostReasons: [],
          stages: [
            { name: 'Lead', kind: 'open', probability: 10 },
            { name: 'Won', kind: 'won' },
            { name: 'Lost', kind: 'lost' },
          ],
        },
        headers: idempotencyKey(),
      }));
      await client.invalidateQueries({ queryKey: pipelineKeys.all });
      return created;
    },
    update: async (pipeline: Pipeline, body: { name?: string; lostReasons?: string[] }) =>
      done(await call(api().deals.PATCH('/api/pipelines/{id}', {
        params: { path: { id: pipeline.id! } }, body, headers: ifMatch(pipeline.version),
      }))),
    addStage: async (pipeline: Pipeline, body: StageInput & { position?: number }) =>
      done(await call(api().deals.POST('/api/pipelines/{id}/stages', {
        params: { path: { id: pipeline.id! } }, body, headers: { ...ifMatch(pipeline.version), ...idempotencyKey() },
      }))),
    updateStage: async (pipeline: Pipeline, stageId: string, body: StageInput) =>
      done(await call(api().deals.PATCH('/api/pipelines/{id}/stages/{stageId}', {
        params: { path: { id: pipeline.id!, stageId } }, body, headers: ifMatch(pipeline.version),
      }))),
    reorder: async (pipeline: Pipeline, stageIds: string[]) =>
      done(await call(api().deals.PUT('/api/pipelines/{id}/stage-order', {
        params: { path: { id: pipeline.id! } }, body: { stageIds }, headers: ifMatch(pipeline.version),
      }))),
    removeStage: async (pipeline: Pipeline, stageId: string, moveDealsTo: string | undefined) =>
      done(await call(api().deals.DELETE('/api/pipelines/{id}/stages/{stageId}', {
        params: { path: { id: pipeline.id!, stageId }, query: moveDealsTo ? { moveDealsTo } : {} },
        headers: ifMatch(pipeline.version),
      }))),
  };
}

export function useFieldDefinitions(objectType: ObjectType) {
  return useQuery({
    queryKey: customFieldKeys.of(objectType),
    queryFn: async ({ signal }): Promise<CustomField[]> =>
      (await call(api().contacts.GET('/api/custom-fields', { params: { query: { objectType } }, signal }))).items ?? [],
  });
}

export async function createField(body: CustomFieldInput): Promise<CustomField> {
  return call(api().contacts.POST('/api/custom-fields', { body, headers: idempotencyKey() }));
}

export async function deleteField(objectType: ObjectType, key: string): Promise<void> {
  await call(api().contacts.DELETE('/api/custom-fields/{objectType}/{key}', { params: { path: { objectType, key } } }));
}

export function useLeadForms() {
  return useQuery({
    queryKey: settingsKeys.leadForms,
    queryFn: async ({ signal }): Promise<LeadForm[]> =>
      (await call(api().contacts.GET('/api/lead-forms', { signal }))).items ?? [],
  });
}

export async function createLeadForm(body: LeadFormInput): Promise<LeadForm> {
  return call(api().contacts.POST('/api/lead-forms', { body, headers: idempotencyKey() }));
}

export async function disableLeadForm(id: string): Promise<void> {
  await call(api().contacts.DELETE('/api/lead-forms/{id}', { params: { path: { id } } }));
}

export function useWebhooks() {
  return useQuery({
    queryKey: settingsKeys.webhooks,
    queryFn: ({ signal }): Promise<Webhook[]> => readAllPages((cursor) =>
      call(api().notification.GET('/api/webhooks', { params: { query: { limit: 100, cursor } }, signal }))),
  });
}

export function useDeliveries(id: string, status: string) {
  return useQuery({
    queryKey: settingsKeys.deliveries(id, status),
    queryFn: ({ signal }) => call(api().notification.GET('/api/webhooks/{id}/deliveries', {
      params: { path: { id }, query: { limit: 50, ...(status ? { status } : {}) } }, signal,
    })),
    // deliveries are attempted in the background: the log follows them while it is open
    refetchInterval: 5_000,
  });
}

export const webhookCalls = {
  create: (body: WebhookInput) =>
    call(api().notification.POST('/api/webhooks', { body, headers: idempotencyKey() })),
  update: (hook: Webhook, body: WebhookInput) =>
    call(api().notification.PATCH('/api/webhooks/{id}', { params: { path: { id: hook.id! } }, body, headers: ifMatch(hook.version) })),
  rotate: (hook: Webhook) =>
    call(api().notification.POST('/api/webhooks/{id}/rotate-secret', { params: { path: { id: hook.id! } }, headers: ifMatch(hook.version) })),
  remove: (hook: Webhook) =>
    call(api().notification.DELETE('/api/webhooks/{id}', { params: { path: { id: hook.id! } }, headers: ifMatch(hook.version) })),
  redeliver: (hookId: string, deliveryId: string) =>
    call(api().notification.POST('/api/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
      params: { path: { id: hookId, deliveryId } }, headers: idempotencyKey(),
    })),
  replay: (hookId: string, since: string) =>
    call(api().notification.POST('/api/webhooks/{id}/replay', {
      params: { path: { id: hookId } }, body: { since }, headers: idempotencyKey(),
    })),
};

export function usePreferences() {
  return useQuery({
    queryKey: settingsKeys.preferences,
    queryFn: ({ signal }) => call(api().notification.GET('/api/notifications/preferences', { params: { query: {} }, signal })),
  });
}

export function savePreferences(body: PreferencesInput): Promise<Preferences> {
  return call(api().notification.PUT('/api/notifications/preferences', { params: { query: {} }, body }));
}
