import { freePort, ServiceProcess, testInfra, tokenFor, uniqueNamespace } from '@wage/testing';
import type { InfraEndpoints } from '@wage/local-infra';

/** The services that exist today, and the gateway in front of them, on the real infrastructure. */
export class Platform {
  services: Record<string, ServiceProcess> = {};
  gateway!: ServiceProcess;
  infra!: InfraEndpoints;
  namespace!: string;

  static readonly SERVICES = ['intake', 'inspection', 'mediation', 'credit', 'finance'] as const;

  /**
   * `env` adds environment per process (`gateway`, `intake`, …), e.g. a low PUBLIC_RATE_LIMIT. `connected`
   * gives every service the others' addresses, as `npm start` does (inspection draws through finance, finance
   * asks credit for contractors' standing).
   */
  async start(
    label: string,
    opts: { env?: Record<string, Record<string, string>>; connected?: boolean } = {},
  ): Promise<this> {
    this.infra = await testInfra();
    this.namespace = uniqueNamespace(label);
    const ports: Record<string, number> = {};
    for (const name of Platform.SERVICES) ports[name] = await freePort();
    const peers = opts.connected
      ? Object.fromEntries(Platform.SERVICES.map((n) => [`${n.toUpperCase()}_GRPC`, `127.0.0.1:${ports[n]}`]))
      : {};
    await Promise.all(
      Platform.SERVICES.map(async (name) => {
        this.services[name] = await new ServiceProcess({
          name,
          infra: this.infra,
          namespace: this.namespace,
          grpcPort: ports[name]!,
          env: { ...peers, ...opts.env?.[name] },
        }).start();
      }),
    );
    this.gateway = new ServiceProcess({
      name: 'gateway',
      infra: this.infra,
      namespace: this.namespace,
      env: { ...this.gatewayEnv(), ...opts.env?.gateway },
    });
    await this.gateway.start();
    return this;
  }

  gatewayEnv(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.services).map(([name, svc]) => [`${name.toUpperCase()}_GRPC`, svc.address]),
    );
  }

  async stop(): Promise<void> {
    await Promise.all([this.gateway?.stop(), ...Object.values(this.services).map((s) => s.stop())]);
  }

  token(username: string): Promise<string> {
    return tokenFor(this.infra.keycloakUrl, username);
  }

  async request(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ): Promise<{ status: number; body: any; headers: Headers; text: string }> {
    const res = await fetch(`${this.gateway.url}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined || opts.rawBody !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...opts.headers,
      },
      ...(opts.rawBody !== undefined
        ? { body: opts.rawBody }
        : opts.body !== undefined
          ? { body: JSON.stringify(opts.body) }
          : {}),
    });
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers, text };
  }
}

export function clueBody(n: number, over: Record<string, unknown> = {}) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { residentId, uscc } = require('./fixtures') as typeof import('./fixtures');
  return {
    channel: 'window',
    regionCode: '652301',
    reporter: { name: `工人${n}`, idNumber: residentId(n), phone: `139${String(n).padStart(8, '0')}` },
    employer: { name: `昌吉第${n}建筑公司`, uscc: uscc(n) },
    projectId: `p-${n}`,
    workerCount: 12,
    amountFen: 1_200_000 + n,
    description: '拖欠三个月工资',
    ...over,
  };
}
