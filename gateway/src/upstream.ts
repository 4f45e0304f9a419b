import { CLIENT_CHANNEL_OPTIONS, GATEWAY_IDENTITY, platformChannel, unavailable } from '@wage/kit';
import { credit, finance, health, inspection, intake, mediation, queries } from '@wage/proto';
import type { ChannelOptions, ChannelCredentials, Client } from '@grpc/grpc-js';
import { SERVICES, serviceAddress, type GatewayConfig, type ServiceName } from './config';

type Ctor<C> = new (address: string, credentials: ChannelCredentials, options?: Partial<ChannelOptions>) => C;

/** gRPC clients of the agency services, one channel per service address. */
export class Upstreams {
  private readonly cache = new Map<string, Client>();

  constructor(private readonly cfg: GatewayConfig) {}

  configured(): ServiceName[] {
    return SERVICES.filter((s) => serviceAddress(this.cfg, s));
  }

  private client<C extends Client>(service: ServiceName, kind: string, ctor: Ctor<C>): C {
    const address = serviceAddress(this.cfg, service);
    if (!address) throw unavailable(`${service} 服务未配置 (service not configured)`);
    const key = `${service}:${kind}`;
    let c = this.cache.get(key) as C | undefined;
    if (!c) {
      c = new ctor(address, platformChannel(GATEWAY_IDENTITY), CLIENT_CHANNEL_OPTIONS);
      this.cache.set(key, c);
    }
    return c;
  }

  intake() {
    return this.client('intake', 'intake', intake.IntakeServiceClient);
  }

  inspection() {
    return this.client('inspection', 'inspection', inspection.InspectionServiceClient);
  }

  /** Workers' self-service: called without a user token (the routes are public and rate limited). */
  publicClues() {
    return this.client('intake', 'public', intake.PublicClueServiceClient);
  }

  publicProjects() {
    return this.client('finance', 'public', finance.PublicProjectServiceClient);
  }

  mediation() {
    return this.client('mediation', 'mediation', mediation.MediationServiceClient);
  }

  finance() {
    return this.client('finance', 'finance', finance.FinanceServiceClient);
  }

  credit() {
    return this.client('credit', 'credit', credit.CreditServiceClient);
  }

  queries(service: ServiceName) {
    return this.client(service, 'queries', queries.CaseQueriesClient);
  }

  health(service: ServiceName) {
    return this.client(service, 'health', health.HealthClient);
  }

  close(): void {
    for (const c of this.cache.values()) c.close();
  }
}
