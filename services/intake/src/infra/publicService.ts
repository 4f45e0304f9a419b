import type {
  sendUnaryData,
  ServerUnaryCall,
  ServiceDefinition,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { DomainError, serveInSpan, spanFailed, toGrpcError, type GrpcServer, type Logger } from '@wage/kit';
import { intake as pb } from '@wage/proto';

export interface PublicClueHandlers {
  submitPublicClue(req: pb.PublicClueRequest): Promise<pb.PublicClueReceipt>;
  trackPublicClue(req: pb.TrackPublicClueRequest): Promise<pb.PublicClueProgress>;
}

/**
 * Workers' self-service has no user token: the gateway's public routes (rate limited there) call this service,
 * which therefore accepts calls without a bearer token. It exposes only what the access code entitles to.
 */
export function addPublicClueService(server: GrpcServer, logger: Logger, handlers: PublicClueHandlers): void {
  const impl: UntypedServiceImplementation = {};
  for (const method of Object.keys(pb.PublicClueServiceService)) {
    const handler = handlers[method as keyof PublicClueHandlers] as (req: unknown) => Promise<unknown>;
    impl[method] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      void serveInSpan(`PublicClueService/${method}`, call.metadata, async (span) => {
        try {
          callback(null, await handler(call.request));
          logger.info({ method: `PublicClueService/${method}` }, 'grpc call');
        } catch (e) {
          spanFailed(span, e);
          if (e instanceof DomainError) callback(toGrpcError(e));
          else {
            logger.error({ err: e, method }, 'grpc call failed');
            callback(toGrpcError(new DomainError('internal', '内部错误 (internal error)')));
          }
        }
      });
    };
  }
  server.server.addService(pb.PublicClueServiceService as unknown as ServiceDefinition, impl);
  server.health.set('wage.intake.v1.PublicClueService', false);
}
