import type { ProblemError } from '@/api/problem';
import { splitFieldErrors } from '@/api/problem';
import { REQUIRABLE_FIELDS, type Deal, type Pipeline, type RequirableField, type Stage } from './api';

/**
 * What a stage asks of a deal before it may enter (the stage's `requiredFields`), the form that asks for it, and the
 * service's answer mapped back onto that form. The service decides; the browser only asks up front so the person
 * fills everything in one go, and shows the service's own messages beside the inputs when it still says no.
 */
export interface RequiredFieldValues {
  amount: string;
  currency: string;
  expectedCloseDate: string;
  companyId: string;
  companyName: string;
  contactId: string;
  contactName: string;
  contactRole: string;
  source: string;
}

/** The form's inputs, as the service names the fields in its problem documents. */
export const FORM_FIELDS = ['amount', 'currency', 'expectedCloseDate', 'companyId', 'contacts', 'source'] as const;

export function hasField(deal: Deal, field: RequirableField): boolean {
  switch (field) {
    case 'amount':
      return deal.amount !== undefined && deal.amount !== null;
    case 'expectedCloseDate':
      return !!deal.expectedCloseDate;
    case 'companyId':
      return !!deal.companyId;
    case 'contacts':
      return (deal.contacts?.length ?? 0) > 0;
    case 'source':
      return !!deal.source;
  }
}

/** The fields `stage` requires that `deal` lacks, in a stable order. */
export function missingFields(deal: Deal, stage: Stage | undefined): RequirableField[] {
  const required = new Set(stage?.requiredFields ?? []);
  return REQUIRABLE_FIELDS.filter((field) => required.has(field) && !hasField(deal, field));
}

/** The required fields a refusal names (`contacts[0].role` is the contacts input), for a form that asks for them. */
export function fieldsNamedBy(problem: ProblemError): RequirableField[] {
  const named = new Set(problem.errors.map((error) => {
    const root = error.field.split(/[.[]/)[0] ?? '';
    return root === 'currency' ? 'amount' : root;
  }));
  return REQUIRABLE_FIELDS.filter((field) => named.has(field));
}

/** Messages beside the form's inputs, and the rest for beside its action. */
export function formErrors(problem: ProblemError): { byField: Partial<Record<(typeof FORM_FIELDS)[number], string>>; other: string[] } {
  return splitFieldErrors(problem, FORM_FIELDS);
}

export function initialValues(deal: Deal, defaultCurrency: string): RequiredFieldValues {
  return {
    amount: deal.amount === undefined || deal.amount === null ? '' : String(deal.amount),
    currency: deal.currency ?? defaultCurrency,
    expectedCloseDate: deal.expectedCloseDate ?? '',
    companyId: deal.companyId ?? '',
    companyName: deal.companyName ?? '',
    contactId: '',
    contactName: '',
    contactRole: 'decision_maker',
    source: deal.source ?? '',
  };
}

/**
 * An amount typed the person's way: "12 500,50" in Russian, "12,500.50" in English (a dot also works where the
 * decimal separator is a comma). Undefined when empty, NaN when it is not a number.
 */
export function parseAmount(text: string, locale: string): number | undefined {
  let compact = text.replace(/[\s\u00a0\u202f']/g, '');
  if (compact === '') return undefined;
  if (decimalSeparator(locale) === ',') {
    if (compact.includes(',')) compact = compact.replace(/\./g, '').replace(',', '.');
  } else {
    compact = compact.replace(/,/g, '');
  }
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : Number.NaN;
}

function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
}

/**
 * The JSON merge patch that gives `deal` the asked `fields` from the form. Contacts are added to the deal's own
 * (the service replaces the list as a whole).
 */
export function patchFor(deal: Deal, fields: readonly RequirableField[], values: RequiredFieldValues,
  locale: string): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of fields) {
    switch (field) {
      case 'amount': {
        // the form checks the number first; the service checks the rest (sign, decimals of the currency)
        patch.amount = parseAmount(values.amount, locale) ?? null;
        patch.currency = values.currency.trim().toUpperCase() || null;
        break;
      }
      case 'expectedCloseDate':
        patch.expectedCloseDate = values.expectedCloseDate || null;
        break;
      case 'companyId':
        patch.companyId = values.companyId || null;
        break;
      case 'contacts': {
        const own = (deal.contacts ?? []).map(({ contactId, role }) => ({ contactId, role }));
        patch.contacts = values.contactId ? [...own, { contactId: values.contactId, role: values.contactRole }] : own;
        break;
      }
      case 'source':
        patch.source = values.source.trim() || null;
        break;
    }
  }
  return patch;
}

/** The stages a deal may be opened in (a pipeline's open stages), not won or lost ones. */
export function openStages(pipeline: Pipeline | undefined): Stage[] {
  return pipeline?.stages?.filter((s) => s.kind === 'open') ?? [];
}

/**
 * Where a new deal opens: the chosen open stage of `pipeline`, else its first, and the fields that stage requires, so a
 * form opening a deal (a new deal, a converted lead) marks them before the service is asked.
 */
export function openingStage(pipeline: Pipeline | undefined, stageId: string) {
  const stages = openStages(pipeline);
  const stage = stages.find((s) => s.id === stageId) ?? stages[0];
  return { stages, stage, required: new Set<string>(stage?.requiredFields ?? []) };
}
