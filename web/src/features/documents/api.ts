import { useQuery } from '@tanstack/react-query';
import { api, idempotencyKey, ifMatch, json } from '@/api/client';
import { ProblemError } from '@/api/problem';

/** A document template (deals-service `/api/document-templates`). */
export interface DocumentTemplate {
  id: string;
  version: number;
  kind: string;
  name: string;
  locale: string;
  body: string;
  css: string;
  updatedAt?: string;
  updatedBy?: string;
}

export type TemplateInput = Pick<DocumentTemplate, 'kind' | 'name' | 'locale' | 'body' | 'css'>;

/** A merge field the templates may use; `section` is set for the fields inside `{{#lineItems}}`. */
export interface MergeField {
  name: string;
  description: string;
  section?: string | null;
}

export interface DocumentSend {
  id: string;
  to: string;
  contactId?: string | null;
  subject: string;
  status: 'sending' | 'sent';
  at: string;
  by: string;
}

/** A document generated for a deal. */
export interface DealDocument {
  id: string;
  dealId: string;
  kind: string;
  name: string;
  number: string;
  status: 'numbered' | 'stored';
  fileId?: string | null;
  filename: string;
  size?: number | null;
  createdAt: string;
  createdBy: string;
  sends: DocumentSend[];
}

export interface SendInput {
  contactId?: string;
  email?: string;
  subject: string;
  message: string;
}

/** The kinds offered first; any other lower-case name is a kind too. */
export const KNOWN_KINDS = ['quote', 'contract', 'invoice'] as const;

/** Query keys start with the record type: templates are their own, a deal's documents belong to the deal. */
export const documentKeys = {
  templates: ['documentTemplate', 'list'] as const,
  fields: ['documentTemplate', 'fields'] as const,
  ofDeal: (dealId: string) => ['deal', dealId, 'documents'] as const,
};

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export function useTemplates() {
  return useQuery({
    queryKey: documentKeys.templates,
    queryFn: async ({ signal }) =>
      (await json<{ items: DocumentTemplate[] }>(api().fetch('/api/document-templates', { signal }))).items,
  });
}

export function useMergeFields() {
  return useQuery({
    queryKey: documentKeys.fields,
    staleTime: Infinity,
    queryFn: async ({ signal }) =>
      (await json<{ items: MergeField[] }>(api().fetch('/api/document-templates/fields', { signal }))).items,
  });
}

export function useDealDocuments(dealId: string) {
  return useQuery({
    queryKey: documentKeys.ofDeal(dealId),
    queryFn: async ({ signal }) =>
      (await json<{ items: DealDocument[] }>(api().fetch(`/api/deals/${encodeURIComponent(dealId)}/documents`, { signal }))).items,
  });
}

export const templateCalls = {
  create: (input: TemplateInput) => json<DocumentTemplate>(api().fetch('/api/document-templates', {
    method: 'POST', headers: { ...JSON_HEADERS, ...idempotencyKey() }, body: JSON.stringify(input),
  })),
  update: (template: DocumentTemplate, input: TemplateInput) =>
    json<DocumentTemplate>(api().fetch(`/api/document-templates/${encodeURIComponent(template.id)}`, {
      method: 'PUT', headers: { ...JSON_HEADERS, ...ifMatch(template.version) }, body: JSON.stringify(input),
    })),
  remove: (template: DocumentTemplate) =>
    json<void>(api().fetch(`/api/document-templates/${encodeURIComponent(template.id)}`, {
      method: 'DELETE', headers: ifMatch(template.version),
    })),
  /** The PDF an unsaved template makes for a deal (no number is taken). */
  preview: (dealId: string, input: TemplateInput) => pdf(api().fetch('/api/document-templates/preview', {
    method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ ...input, dealId }),
  })),
};

export const documentCalls = {
  generate: (dealId: string, templateId: string) =>
    json<DealDocument>(api().fetch(`/api/deals/${encodeURIComponent(dealId)}/documents`, {
      method: 'POST', headers: { ...JSON_HEADERS, ...idempotencyKey() }, body: JSON.stringify({ templateId }),
    })),
  download: (document: DealDocument) => pdf(api().fetch(
    `/api/deals/${encodeURIComponent(document.dealId)}/documents/${encodeURIComponent(document.id)}/content`)),
  send: (document: DealDocument, input: SendInput) =>
    json<DocumentSend>(api().fetch(
      `/api/deals/${encodeURIComponent(document.dealId)}/documents/${encodeURIComponent(document.id)}/send`, {
        method: 'POST', headers: { ...JSON_HEADERS, ...idempotencyKey() }, body: JSON.stringify(input),
      })),
};

/** A PDF answer as a Blob; a problem+json answer as a thrown ProblemError. */
async function pdf(response: Promise<Response>): Promise<Blob> {
  let answer: Response;
  try {
    answer = await response;
  } catch (cause) {
    throw ProblemError.network(cause);
  }
  if (answer.ok) return answer.blob();
  let body: Record<string, unknown> = {};
  try {
    body = (await answer.json()) as Record<string, unknown>;
  } catch {
    // not JSON: the status says enough
  }
  throw ProblemError.fromBody(answer.status, body);
}

/** Where a merge field is written into the body: `{{name}}`, or a section's opening and closing tags. */
export function mergeTag(field: MergeField): string {
  if (field.name === 'lineItems') return '{{#lineItems}}\n  {{name}} {{quantity}} {{total}}\n{{/lineItems}}';
  return `{{${field.name.replace('<key>', 'key')}}}`;
}

/** A starting point for a new template: the usual parts of a quote. */
export const STARTER_BODY = `<h1>{{document.name}} {{document.number}}</h1>
<p>{{document.date}}</p>
<p><strong>{{company.name}}</strong><br/>{{contact.name}} · {{contact.email}}</p>
<h2>{{deal.title}}</h2>
<table class="items">
  <thead><tr><th>#</th><th>Item</th><th>Qty</th><th>Price</th><th>Total</th></tr></thead>
  <tbody>
  {{#lineItems}}
    <tr><td>{{position}}</td><td>{{name}}</td><td>{{quantity}} {{unit}}</td><td>{{unitPrice}}</td><td>{{total}}</td></tr>
  {{/lineItems}}
  </tbody>
</table>
<p class="total">{{totals.total}}</p>
<p>{{owner.name}} · {{owner.email}}</p>
`;

export const STARTER_CSS = `h1 { font-size: 18pt; }
table.items { width: 100%; border-collapse: collapse; }
table.items th, table.items td { border-bottom: 1px solid #ccc; padding: 4px; text-align: left; }
.total { text-align: right; font-weight: bold; }
`;
