import type {
  sendUnaryData,
  ServerUnaryCall,
  ServerWritableStream,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { health } from '@wage/proto';

const { HealthCheckResponse_ServingStatus: Serving } = health;
type ServingStatus = health.HealthCheckResponse_ServingStatus;

/** grpc.health.v1: '' is the whole server; each service is named by its full name. */
export class HealthService {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Map<
    string,
    Set<ServerWritableStream<health.HealthCheckRequest, health.HealthCheckResponse>>
  >();

  set(service: string, serving: boolean): void {
    const s = serving ? Serving.SERVING : Serving.NOT_SERVING;
    this.statuses.set(service, s);
    for (const w of this.watchers.get(service) ?? []) w.write({ status: s });
  }

  setAll(serving: boolean): void {
    for (const name of this.statuses.keys()) this.set(name, serving);
  }

  implementation(): UntypedServiceImplementation {
    return {
      check: (
        call: ServerUnaryCall<health.HealthCheckRequest, health.HealthCheckResponse>,
        cb: sendUnaryData<health.HealthCheckResponse>,
      ) => {
        const s = this.statuses.get(call.request.service);
        if (s === undefined)
          cb({ code: status.NOT_FOUND, details: `unknown service ${call.request.service}` });
        else cb(null, { status: s });
      },
      watch: (call: ServerWritableStream<health.HealthCheckRequest, health.HealthCheckResponse>) => {
        const name = call.request.service;
        const set = this.watchers.get(name) ?? new Set();
        set.add(call);
        this.watchers.set(name, set);
        call.write({ status: this.statuses.get(name) ?? Serving.SERVICE_UNKNOWN });
        call.on('cancelled', () => set.delete(call));
      },
    };
  }
}
