import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface ReadinessCheck {
  name: string;
  check: () => boolean | string | Promise<boolean | string>;
}

export const metricsRegistry = new Registry();

/**
 * /healthz answers while the process lives; /readyz only when every dependency check passes (and names the
 * failing ones); /metrics serves Prometheus metrics.
 */
export function startOpsServer(
  port: number,
  service: string,
  checks: () => ReadinessCheck[],
): Promise<Server> {
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
  const server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/healthz') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'ok', service }));
      } else if (req.url === '/readyz') {
        const results = await Promise.all(
          checks().map(async (c) => {
            try {
              const r = await c.check();
              return { name: c.name, ok: r === true, reason: r === true ? undefined : r || 'not ready' };
            } catch (e) {
              return { name: c.name, ok: false, reason: (e as Error).message };
            }
          }),
        );
        const ok = results.every((r) => r.ok);
        res
          .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: ok ? 'ready' : 'not ready', service, checks: results }));
      } else if (req.url === '/metrics') {
        res
          .writeHead(200, { 'content-type': metricsRegistry.contentType })
          .end(await metricsRegistry.metrics());
      } else {
        res.writeHead(404).end();
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}
