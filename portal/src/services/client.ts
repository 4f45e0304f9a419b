// The typed client of the gateway's public API, generated from its OpenAPI document in the build.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../gen/schema';
import { ApiError, networkError, toApiError } from './errors';

export type { paths };

let tokenSource: () => Promise<string | undefined> = async () => undefined;

/** The signed-in session supplies a fresh access token before each call (see auth/). */
export function setTokenSource(source: () => Promise<string | undefined>): void {
  tokenSource = source;
}

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await tokenSource();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '/' });
api.use(auth);

/** A new key per intended command; a retry (or a double click) of the same command reuses it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** What a route answers; `unknown` where the document describes no body yet (the caller names the type). */
type Data<T> = [T] extends [undefined] ? unknown : T;

/** Unwraps an openapi-fetch answer: the data, or an ApiError with the problem's field messages. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<Data<T>> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw networkError(e);
  }
  if (!answer.response.ok) throw toApiError(answer.response.status, answer.error);
  return answer.data as Data<T>;
}

export { ApiError };
