/** One invalid field of a request, as the services report it (`errors` of an RFC 9457 problem). */
export interface FieldError {
  field: string;
  message: string;
}

/** What a service said went wrong, as RFC 9457 application/problem+json; the one error type of every API call. */
export class ProblemError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  /** The whole problem document: services add members such as `currentVersion`, `candidates` or `service`. */
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === 'string' ? body.title : defaultTitle(status);
    const detail = typeof body.detail === 'string' ? body.detail : undefined;
    super(detail ?? title);
    this.name = 'ProblemError';
    this.status = status;
    this.type = typeof body.type === 'string' ? body.type : 'about:blank';
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? body.errors.filter(isFieldError) : [];
    this.body = body;
  }

  /** The service (or the network) is down or overloaded: the person can retry later; nothing they sent was refused. */
  get unavailable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }

  /** Someone else changed the record since it was read (optimistic locking). */
  get conflict(): boolean {
    return this.status === 409 || this.status === 412;
  }

  /** Which service did not answer, when the gateway says so. */
  get service(): string | undefined {
    return typeof this.body.service === 'string' ? this.body.service : undefined;
  }

  static network(cause: unknown): ProblemError {
    const error = new ProblemError(0, { title: 'Network error', detail: cause instanceof Error ? cause.message : undefined });
    return error;
  }

  /** Builds the error from a failed response, whatever its body: problem+json, other JSON, text or nothing. */
  static fromBody(status: number, body: unknown): ProblemError {
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      return new ProblemError(status, body as Record<string, unknown>);
    }
    return new ProblemError(status, typeof body === 'string' && body.length > 0 && body.length < 500 ? { detail: body } : {});
  }
}

export function isProblem(error: unknown): error is ProblemError {
  return error instanceof ProblemError;
}

function isFieldError(value: unknown): value is FieldError {
  return !!value && typeof value === 'object' && typeof (value as FieldError).field === 'string'
    && typeof (value as FieldError).message === 'string';
}

function defaultTitle(status: number): string {
  if (status === 0) return 'Network error';
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'Forbidden';
  if (status === 404) return 'Not found';
  if (status === 409) return 'Conflict';
  if (status === 503) return 'Service unavailable';
  return `HTTP ${status}`;
}

/**
 * Splits a problem's field errors between the fields a form shows and the rest, so every message is shown
 * somewhere: beside its field when the form has it, else beside the form's action. Field paths are the API's
 * (`email`, `address.city`, `customFields.size`, `otherEmails[1]`); `aliases` maps API paths to form fields when
 * they differ, and indexes are kept (`otherEmails[1]` → `otherEmails.1`) for field arrays.
 */
export function splitFieldErrors(
  problem: ProblemError,
  formFields: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const { field, message } of problem.errors) {
    const path = aliases[field] ?? field.replace(/\[(\d+)\]/g, '.$1');
    const target = formFields.includes(path) ? path : formFields.find((candidate) => path.startsWith(candidate + '.'));
    if (target && byField[target] === undefined) {
      byField[target] = message;
    } else if (target) {
      byField[target] += ' ' + message;
    } else {
      other.push(field ? `${field}: ${message}` : message);
    }
  }
  return { byField, other };
}

/**
 * A form's errors per field: its own check's message (react-hook-form's `formState.errors`) first, else what the
 * service said about that field in `problem` (mapped onto `formFields` as {@link splitFieldErrors} does).
 */
export function formFieldErrors<F extends string>(
  formErrors: Partial<Record<string, { message?: string } | undefined>>,
  problem: ProblemError | undefined,
  formFields: readonly F[],
): { fieldError: (name: F) => string | undefined; other: string[] } {
  const server = problem ? splitFieldErrors(problem, formFields) : { byField: {} as Record<string, string>, other: [] };
  return { fieldError: (name) => formErrors[name]?.message ?? server.byField[name], other: server.other };
}

