import {
  Server,
  type Metadata,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { accessOf, admits, health, type Access, type ServiceName } from '@wage/proto';
import { currentContext } from '../context';
import { DomainError, permissionDenied, unauthenticated } from '../errors';
import type { Principal } from '../auth/principal';
import type { CallerVerifier } from '../auth/internal';
import { bearerToken } from '../auth/verifier';
import { toGrpcError } from './errors';
import { HealthService } from './health';
import { GATEWAY_IDENTITY, peerIdentity, serverCredentials, type TlsIdentity } from './tls';
import { serveInSpan } from './tracing';
import { spanFailed } from '../tracing';

export interface CallContext {
  principal: Principal;
  metadata: Metadata;
  traceId: string;
  requestId: string;
  /** Idempotency key sent by the gateway for commands that create or move something. */
  idempotencyKey: string | undefined;
  /**
   * The caller asked for unmasked personal data, holds `pii-reader`, and the call came over the gateway's
   * client certificate (the gateway audits the read; no one else may unmask).
   */
  unmask: boolean;
  /** CN of the caller's client certificate: `gateway` or a platform service. */
  peer: string | undefined;
}

/** Service handlers, typed from the generated service definition: `(request, ctx) => Promise<response>`. */
export type UnaryHandlers<D> = {
  [K in keyof D]: D[K] extends {
    requestDeserialize(b: Buffer): infer Req;
    responseSerialize(v: infer Res): Buffer;
  }
    ? (request: Req, ctx: CallContext) => Promise<Res>
    : never;
};

export interface GrpcServerOptions {
  logger: Logger;
  verifier: CallerVerifier;
  /** This process's certificate; every caller must present one from the same CA. */
  tls: TlsIdentity;
}

function first(md: Metadata, key: string): string | undefined {
  const v = md.get(key)[0];
  return v === undefined ? undefined : String(v);
}

/** The caller of a public RPC: no roles, no region. */
export const ANONYMOUS_CALLER: Principal = {
  subject: 'anonymous',
  username: 'anonymous',
  clientId: '',
  roles: [],
  region: '',
  agency: '',
  token: '',
  expiresAt: new Date(0),
};

/** The refusal a caller without a declared role gets, at the gateway and at the service alike. */
export function refusal(access: Access): string {
  const roles = access.roles === 'public' ? [] : access.roles;
  return `需要以下角色之一：${roles.join(', ')}`;
}

/**
 * The one gRPC server bootstrap: every call's bearer token is verified and its roles checked against the
 * method's declaration (`ACCESS` in @wage/proto, which the gateway reads too), runs in a trace context, and
 * domain errors leave as their precise status codes. grpc.health.v1 is always served.
 */
export class GrpcServer {
  readonly server = new Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  readonly health = new HealthService();
  private port = 0;

  constructor(private readonly opts: GrpcServerOptions) {
    this.server.addService(
      health.HealthService as unknown as ServiceDefinition,
      this.health.implementation(),
    );
    this.health.set('', false);
  }

  /** Serves a service; each call is refused (PERMISSION_DENIED) unless the caller has a role `ACCESS` declares. */
  add<D extends ServiceDefinition>(name: ServiceName, definition: D, handlers: UnaryHandlers<D>): this {
    const impl: UntypedServiceImplementation = {};
    for (const method of Object.keys(definition)) {
      const handler = handlers[method as keyof D] as unknown as (
        req: unknown,
        ctx: CallContext,
      ) => Promise<unknown>;
      const access = accessOf(name, method);
      // Unreachable while ACCESS is typed against the definitions; a wrong service name must not serve openly.
      if (!access) throw new Error(`${name}/${method} has no declared roles in @wage/proto ACCESS`);
      impl[method] = this.wrap(`${name}/${method}`, access, handler);
    }
    this.server.addService(definition, impl);
    this.health.set(name, false);
    return this;
  }

  private wrap(
    method: string,
    access: Access,
    handler: (req: unknown, ctx: CallContext) => Promise<unknown>,
  ) {
    const { logger, verifier } = this.opts;
    return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const md = call.metadata;
      const started = Date.now();
      const peer = peerIdentity(call);
      void serveInSpan(method, md, async (span) => {
        const { traceId, requestId = '' } = currentContext() ?? { traceId: '' };
        try {
          let principal: Principal;
          if (access.roles === 'public') {
            // No login, so the gateway's rate limits are the only guard: nobody else may call these.
            if (peer !== GATEWAY_IDENTITY) throw permissionDenied('公开服务只接受网关的调用');
            principal = ANONYMOUS_CALLER;
          } else {
            const token = bearerToken(first(md, 'authorization'));
            if (!token) throw unauthenticated('缺少访问令牌 (missing bearer token)');
            principal = await verifier.verify(token, peer);
            if (!admits(access, principal.roles, true)) throw permissionDenied(refusal(access));
          }
          const res = await handler(call.request, {
            principal,
            metadata: md,
            traceId,
            requestId,
            idempotencyKey: first(md, 'idempotency-key'),
            unmask:
              first(md, 'x-unmask') === 'true' &&
              principal.roles.includes('pii-reader') &&
              peer === GATEWAY_IDENTITY,
            peer,
          });
          logger.info({ method, ms: Date.now() - started, user: principal.username, peer }, 'grpc call');
          callback(null, res);
        } catch (e) {
          spanFailed(span, e);
          if (e instanceof DomainError) {
            logger.info(
              { method, kind: e.kind, detail: e.detail, ms: Date.now() - started, peer },
              'grpc call refused',
            );
            callback(toGrpcError(e));
          } else {
            logger.error({ err: e, method }, 'grpc call failed');
            callback(toGrpcError(new DomainError('internal', '内部错误 (internal error)')));
          }
        }
      });
    };
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(`${host}:${port}`, serverCredentials(this.opts.tls), (err, bound) =>
        err ? reject(err) : resolve(bound),
      ),
    );
    return this.port;
  }

  setServing(serving: boolean): void {
    this.health.setAll(serving);
  }

  /** Stops accepting calls, lets in-flight calls finish for up to `graceMs`, then cancels the rest. */
  async shutdown(graceMs = 10_000): Promise<void> {
    this.setServing(false);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
