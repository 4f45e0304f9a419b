import {
  Metadata,
  status,
  type CallOptions,
  type ChannelOptions,
  type ClientUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import { currentContext } from '../context';
import { fromGrpcError } from './errors';
import { channelCredentials, tlsIdentity } from './tls';
import { traceInterceptor } from './tracing';

export interface CallSettings {
  /** The caller's bearer token, forwarded so the callee checks role and region itself. */
  token?: string;
  deadlineMs?: number;
  /** Reads may be retried on UNAVAILABLE; commands never are (they carry an idempotency key instead). */
  idempotent?: boolean;
  retries?: number;
  idempotencyKey?: string;
  /** Ask for personal data unmasked; the callee grants it only to a `pii-reader`. */
  unmask?: boolean;
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const CLIENT_CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  // A restarted service is reachable again within seconds, not after grpc-js's default minutes of backoff.
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 2_000,
};

/**
 * Credentials of a channel to a platform service: mutual TLS with this process's certificate. `identity` is
 * the process name whose dev certificate is used in a checkout (TLS_*_FILE override it in production).
 */
export function platformChannel(identity: string) {
  return channelCredentials(tlsIdentity(identity));
}

/**
 * Calls a unary method with a deadline on every attempt, the caller's token and trace in metadata, and
 * domain errors rebuilt from the status. Usage: `callUnary(client.getCase.bind(client), req, settings)`.
 */
export async function callUnary<Req, Res>(
  method: UnaryMethod<Req, Res>,
  request: Req,
  settings: CallSettings = {},
): Promise<Res> {
  const md = new Metadata();
  if (settings.token) md.set('authorization', `Bearer ${settings.token}`);
  const requestId = currentContext()?.requestId;
  if (requestId) md.set('x-request-id', requestId);
  if (settings.idempotencyKey) md.set('idempotency-key', settings.idempotencyKey);
  if (settings.unmask) md.set('x-unmask', 'true');
  const retries = settings.idempotent ? (settings.retries ?? 2) : 0;
  for (let attempt = 0; ; attempt++) {
    try {
      return await new Promise<Res>((resolve, reject) => {
        method(
          request,
          md,
          { deadline: Date.now() + (settings.deadlineMs ?? 5_000), interceptors: [traceInterceptor] },
          (err, res) => (err ? reject(err) : resolve(res)),
        );
      });
    } catch (e) {
      const err = e as ServiceError;
      if (err.code === status.UNAVAILABLE && attempt < retries) {
        await sleep(100 * 2 ** attempt);
        continue;
      }
      throw fromGrpcError(err);
    }
  }
}
