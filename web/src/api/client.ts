import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths as AutomationPaths } from './generated/automation-service';
import type { paths as ContactsPaths } from './generated/contacts-service';
import type { paths as DealsPaths } from './generated/deals-service';
import type { paths as NotificationPaths } from './generated/notification-service';
import type { paths as TasksPaths } from './generated/tasks-service';
import { ProblemError } from './problem';

/** How the API client gets the caller's token and tells the app that the session has ended. */
export interface Credentials {
  accessToken(): string | undefined;
  expired(): void;
}

export interface Api {
  contacts: Client<ContactsPaths>;
  deals: Client<DealsPaths>;
  tasks: Client<TasksPaths>;
  automation: Client<AutomationPaths>;
  notification: Client<NotificationPaths>;
  /** For the few calls no OpenAPI document describes (the users directory) and for downloads. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /**
   * A multipart POST that reports how much of the body is sent (fetch cannot): the JSON answer, or the problem as a
   * {@link ProblemError} (status 0 when the network failed).
   */
  upload<T>(path: string, body: FormData, onProgress?: (fraction: number) => void): Promise<T>;
}

let current: Api | undefined;

/**
 * One client per service, all through the gateway on this origin. Every request carries the bearer token; a 401
 * means the session is over (expired or revoked), which sends the person to sign in and back.
 */
export function createApi(credentials: Credentials, baseUrl = ''): Api {
  const auth: Middleware = {
    onRequest({ request }) {
      const token = credentials.accessToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      if (!request.headers.has('Accept')) request.headers.set('Accept', 'application/json, application/problem+json');
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) credentials.expired();
      return response;
    },
  };
  const client = <P extends {}>() => {
    const c = createClient<P>({ baseUrl });
    c.use(auth);
    return c;
  };
  return {
    contacts: client<ContactsPaths>(),
    deals: client<DealsPaths>(),
    tasks: client<TasksPaths>(),
    automation: client<AutomationPaths>(),
    notification: client<NotificationPaths>(),
    async fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      const token = credentials.accessToken();
      if (token) headers.set('Authorization', `Bearer ${token}`);
      const response = await globalThis.fetch(baseUrl + path, { ...init, headers });
      if (response.status === 401) credentials.expired();
      return response;
    },
    upload<T>(path: string, body: FormData, onProgress?: (fraction: number) => void) {
      return new Promise<T>((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open('POST', baseUrl + path);
        const token = credentials.accessToken();
        if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
        request.setRequestHeader('Accept', 'application/json, application/problem+json');
        request.upload.onprogress = (event) => {
          if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
        };
        request.onerror = () => reject(ProblemError.network(new Error('upload failed')));
        request.onload = () => {
          if (request.status === 401) credentials.expired();
          let answer: unknown = undefined;
          try {
            answer = request.responseText ? JSON.parse(request.responseText) : undefined;
          } catch {
            answer = request.responseText;
          }
          if (request.status >= 200 && request.status < 300) resolve(answer as T);
          else reject(ProblemError.fromBody(request.status, answer));
        };
        request.send(body);
      });
    },
  };
}

export function setApi(api: Api): void {
  current = api;
}

/** The app's API client (set once at start-up, replaced in tests). */
export function api(): Api {
  if (!current) throw new Error('the API client is not configured');
  return current;
}

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * Waits for an openapi-fetch call and gives its data, or throws the service's problem as a {@link ProblemError}
 * (a failed network call becomes status 0). Every screen handles errors as ProblemErrors and nothing else.
 */
export async function call<T>(request: Promise<FetchResult<T>> | (() => Promise<FetchResult<T>>)): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await (typeof request === 'function' ? request() : request);
  } catch (cause) {
    throw ProblemError.network(cause);
  }
  if (!result.response.ok) {
    throw ProblemError.fromBody(result.response.status, result.error);
  }
  return result.data as T;
}

/** Like {@link call}, for a plain fetch Response: JSON data, or the problem it carries. */
export async function json<T>(response: Promise<Response>): Promise<T> {
  let answer: Response;
  try {
    answer = await response;
  } catch (cause) {
    throw ProblemError.network(cause);
  }
  const text = await answer.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!answer.ok) throw ProblemError.fromBody(answer.status, body);
  return body as T;
}

/** The `If-Match` value for a record read at `version` (the services send versions as ETags). */
export function ifMatch(version: number | undefined): Record<string, string> {
  return version === undefined ? {} : { 'If-Match': `"${version}"` };
}

/** A fresh key per user action, so a retried request (network, 503) is applied once (Idempotency-Key). */
export function idempotencyKey(): Record<string, string> {
  return { 'Idempotency-Key': crypto.randomUUID() };
}

/** Every item of a short cursor-paged list (pipelines, segments): pages read one after another until the last. */
export async function readAllPages<T>(
  page: (cursor: string | undefined) => Promise<{ items?: T[]; nextCursor?: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const current = await page(cursor);
    items.push(...(current.items ?? []));
    cursor = current.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
