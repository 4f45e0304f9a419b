import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventsTopic } from '@wage/kit/dist/bus/topics';
import { readRepoFile, SERVICES, topicSpecs } from './support/files';
import { consumedTopics, grpcCallers, k8sDir, render, schemaErrors, type K8sObject } from './support/k8s';

const overlays = readdirSync(join(k8sDir, 'overlays'));
const rendered = new Map<string, K8sObject[]>(overlays.map((o) => [o, render(join(k8sDir, 'overlays', o))]));
const PROCESSES = [...SERVICES, 'gateway'];

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const labelsOf = (peers: Array<{ podSelector?: { matchLabels?: Record<string, string> } }>) =>
  peers.map((p) => p.podSelector?.matchLabels ?? {});

it('has a dev and a prod overlay', () => {
  expect(overlays.sort()).toEqual(['dev', 'prod']);
});

describe.each(overlays)('the %s overlay', (overlay) => {
  const objects = rendered.get(overlay)!;
  const deployments = byKind(objects, 'Deployment');

  it('renders every process, validated against the Kubernetes schemas', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...PROCESSES].sort());
    expect(schemaErrors(objects)).toEqual([]);
  });

  it('puts everything in one namespace that enforces the restricted pod security standard', () => {
    const [ns] = byKind(objects, 'Namespace');
    expect(ns!.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const outside = objects.filter(
      (o) => o.kind !== 'Namespace' && o.metadata.namespace !== ns!.metadata.name,
    );
    expect(outside.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  it.each(PROCESSES)(
    '%s: probes, resources, a non-root read-only security context, a tagged image',
    (name) => {
      const pod = named(objects, 'Deployment', name).spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of pod.containers) {
        expect(c.image).toMatch(/:[\w.-]+$/);
        expect(c.image).not.toMatch(/:latest$/);
        expect(c.resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
        expect(c.resources.limits).toEqual({ cpu: expect.anything(), memory: expect.anything() });
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.livenessProbe).toBeDefined();
        // Ready when /readyz answers (gRPC is mutual TLS, which the kubelet's gRPC probe cannot speak).
        expect(c.readinessProbe.httpGet).toMatchObject({ path: '/readyz' });
        // Each process presents its own certificate of the platform CA on every gRPC hop.
        expect(c.volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/wage/tls', readOnly: true });
        expect(pod.volumes.find((v: { name: string }) => v.name === 'tls').secret.secretName).toBe(
          `wage-tls-${name}`,
        );
      }
    },
  );

  it.each(PROCESSES)('%s: a PodDisruptionBudget and an autoscaler', (name) => {
    const labels = named(objects, 'Deployment', name).spec.template.metadata.labels;
    const pdbs = byKind(objects, 'PodDisruptionBudget').filter((p) =>
      Object.entries(p.spec.selector.matchLabels).every(([k, v]) => labels[k] === v),
    );
    expect(pdbs).toHaveLength(1);
    const hpa = byKind(objects, 'HorizontalPodAutoscaler').find((h) => h.spec.scaleTargetRef.name === name)!;
    expect(hpa.spec.scaleTargetRef.kind).toBe('Deployment');
    expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
    if (name === 'gateway') {
      expect(hpa.spec.metrics).toEqual([
        {
          type: 'Resource',
          resource: { name: 'cpu', target: expect.objectContaining({ type: 'Utilization' }) },
        },
      ]);
    }
  });

  it.each(SERVICES.filter((s) => consumedTopics(s).length > 0))(
    '%s: autoscales no further than the partitions its consumer group can be given',
    (name) => {
      const partitions = new Map(topicSpecs().map((t) => [t.topic, t.partitions]));
      const total = consumedTopics(name).reduce((n, s) => n + partitions.get(eventsTopic(s))!, 0);
      const hpa = byKind(objects, 'HorizontalPodAutoscaler').find(
        (h) => h.spec.scaleTargetRef.name === name,
      )!;
      expect(hpa.spec.maxReplicas).toBeLessThanOrEqual(total);
    },
  );

  it('denies all traffic by default', () => {
    const deny = byKind(objects, 'NetworkPolicy').filter(
      (p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress,
    );
    expect(deny.map((p) => [...p.spec.policyTypes].sort())).toContainEqual(['Egress', 'Ingress']);
  });

  it('lets only the gateway in from outside the namespace, through the ingress controller', () => {
    const fromOutside = byKind(objects, 'NetworkPolicy').filter((p) =>
      (p.spec.ingress ?? []).some((r: { from?: Array<{ namespaceSelector?: { matchLabels?: object } }> }) =>
        (r.from ?? []).some(
          (f) => f.namespaceSelector && !JSON.stringify(f.namespaceSelector).includes('monitoring'),
        ),
      ),
    );
    expect(fromOutside.map((p) => p.spec.podSelector.matchLabels)).toEqual([
      { 'app.kubernetes.io/name': 'gateway' },
    ]);
    const ingress = byKind(objects, 'Ingress');
    const backends = ingress.flatMap((i) =>
      i.spec.rules.flatMap(
        (r: { http: { paths: Array<{ path: string; backend: { service: { name: string } } }> } }) =>
          r.http.paths.map((p) => [p.path, p.backend.service.name]),
      ),
    );
    expect(backends.sort()).toEqual([
      ['/', 'gateway'],
      ['/api', 'gateway'],
    ]);
    expect(ingress[0]!.spec.tls[0].secretName).toBe('wage-tls');
  });

  it.each([...grpcCallers()])(
    '%s: gRPC only from the gateway and the services that call it (%j)',
    (name, callers) => {
      const policy = named(objects, 'NetworkPolicy', name);
      const grpcRules = policy.spec.ingress.filter((r: { ports: Array<{ port: number }> }) =>
        r.ports.some((p) => p.port === 7051),
      );
      const allowed = grpcRules.flatMap((r: { from: [] }) => labelsOf(r.from));
      expect(allowed.map((l: Record<string, string>) => l['app.kubernetes.io/name']).sort()).toEqual(
        [...callers].sort(),
      );
      for (const caller of callers.filter((c) => c !== 'gateway')) {
        const egress = named(objects, 'NetworkPolicy', caller).spec.egress.flatMap((r: { to: [] }) =>
          labelsOf(r.to),
        );
        expect(egress).toContainEqual({ 'app.kubernetes.io/name': name });
      }
    },
  );

  it('lets only the services reach Kafka, and only services and the gateway reach MongoDB', () => {
    const clients = (name: string) =>
      named(objects, 'NetworkPolicy', name)
        .spec.ingress.filter((r: { ports?: unknown[] }) => r.ports)
        .flatMap((r: { from: [] }) => labelsOf(r.from));
    expect(clients('kafka')).toEqual([
      { 'app.kubernetes.io/component': 'service' },
      { 'app.kubernetes.io/name': 'kafka-topics' },
    ]);
    expect(clients('mongodb')).toEqual([
      { 'app.kubernetes.io/component': 'service' },
      { 'app.kubernetes.io/name': 'gateway' },
    ]);
    for (const name of SERVICES) {
      expect(
        named(objects, 'Deployment', name).spec.template.metadata.labels['app.kubernetes.io/component'],
      ).toBe('service');
    }
    expect(
      named(objects, 'Deployment', 'gateway').spec.template.metadata.labels['app.kubernetes.io/component'],
    ).toBe('gateway');
  });

  it('commits no secret value: every Secret a pod reads comes from an ExternalSecret', () => {
    expect(byKind(objects, 'Secret')).toEqual([]);
    const delivered = new Set(byKind(objects, 'ExternalSecret').map((e) => e.spec.target.name as string));
    const referenced = new Set<string>();
    const text = JSON.stringify([...byKind(objects, 'Deployment'), ...byKind(objects, 'Ingress')]);
    for (const m of text.matchAll(/"(?:secretKeyRef|secretRef)":\{[^}]*"name":"([\w-]+)"/g))
      referenced.add(m[1]!);
    for (const m of text.matchAll(/"secretName":"([\w-]+)"/g)) referenced.add(m[1]!);
    expect(referenced.size).toBeGreaterThan(0);
    expect([...referenced].filter((r) => !delivered.has(r))).toEqual([]);
    for (const cm of byKind(objects, 'ConfigMap')) {
      expect(Object.keys(cm.data).filter((k) => /PII|SECRET|PASSWORD|TOKEN_KEY/i.test(k))).toEqual([]);
    }
  });

  it('creates the topics with a job before auto-creation could, from the shared topics file', () => {
    const job = named(objects, 'Job', 'kafka-topics');
    const pod = job.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('kafka-topics'))!;
    expect(cm.data['topics.txt']).toBe(readRepoFile('deploy', 'k8s', 'base', 'kafka', 'topics.txt'));
    expect(pod.volumes.find((v: { name: string }) => v.name === 'topics').configMap.name).toBe(
      cm.metadata.name,
    );
  });

  it('sends every process traces to the collector, and lets them reach it', () => {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('wage-platform'))!;
    const endpoint = new URL(cm.data.OTEL_EXPORTER_OTLP_ENDPOINT as string);
    for (const d of deployments) {
      const envFrom = JSON.stringify(d.spec.template.spec.containers[0].envFrom);
      expect({ name: d.metadata.name, reads: envFrom.includes(cm.metadata.name) }).toEqual({
        name: d.metadata.name,
        reads: true,
      });
    }
    const policy = named(objects, 'NetworkPolicy', 'otlp-export');
    expect(policy.spec.podSelector.matchExpressions).toEqual([
      { key: 'app.kubernetes.io/component', operator: 'In', values: ['gateway', 'service'] },
    ]);
    const [rule] = policy.spec.egress;
    expect(rule.ports).toEqual([{ port: Number(endpoint.port), protocol: 'TCP' }]);
    expect(rule.to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe(
      endpoint.hostname.split('.')[1],
    );
  });

  it('lets Prometheus scrape every service', () => {
    const [sm] = byKind(objects, 'ServiceMonitor');
    expect(sm!.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/component': 'service' });
    for (const name of SERVICES) {
      const svc = named(objects, 'Service', name);
      expect(svc.metadata.labels!['app.kubernetes.io/component']).toBe('service');
      expect(svc.spec.ports.map((p: { name: string }) => p.name)).toContain(sm!.spec.endpoints[0].port);
    }
  });
});

describe('alert rules', () => {
  const [rule] = byKind(rendered.get('prod')!, 'PrometheusRule');
  const rules = rule!.spec.groups.flatMap((g: { rules: object[] }) => g.rules) as Array<{
    alert: string;
    expr: string;
    for?: string;
    labels: { severity: string };
    annotations: { summary: string };
  }>;

  it('cover consumer lag, the outbox relay backlog and dead letters', () => {
    const exprs = rules.map((r) => r.expr).join('\n');
    expect(exprs).toContain('kafka_consumergroup_lag');
    expect(exprs).toContain('wage_outbox_pending_aggregates');
    expect(exprs).toMatch(/kafka_topic_partition_current_offset\{topic=~"[^"]*dlq"\}/);
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s is well formed', (_alert, r) => {
    expect(r.alert).toMatch(/^Wage[A-Z]\w+$/);
    expect(['warning', 'critical']).toContain(r.labels.severity);
    expect(r.annotations.summary).toMatch(/[\u4e00-\u9fff]/); // officials on call read Chinese
    if (r.for) expect(r.for).toMatch(/^\d+[smh]$/);
    // Balanced brackets and quotes: a structural check of the PromQL short of a parser.
    const stack: string[] = [];
    const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
    let quoted = false;
    for (const ch of r.expr) {
      if (ch === '"') quoted = !quoted;
      else if (quoted) continue;
      else if ('({['.includes(ch)) stack.push(ch);
      else if (ch in pairs) expect(stack.pop()).toBe(pairs[ch]);
    }
    expect({ stack, quoted }).toEqual({ stack: [], quoted: false });
  });
});

it('keeps env files that could hold secrets out of git', () => {
  const ignored = readFileSync(join(k8sDir, '..', '..', '.gitignore'), 'utf8').split('\n');
  expect(ignored).toContain('.env');
  const kustomizations = overlays.map((o) =>
    readFileSync(join(k8sDir, 'overlays', o, 'kustomization.yaml'), 'utf8'),
  );
  kustomizations.push(readFileSync(join(k8sDir, 'base', 'kustomization.yaml'), 'utf8'));
  for (const k of kustomizations) expect(k).not.toMatch(/secretGenerator/);
});

it('creates topics with the partitions the capacity plan derives (bench/src/capacity.ts)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { plan } = require('@wage/bench/dist/capacity') as typeof import('@wage/bench/dist/capacity');
  const planned = Object.fromEntries(plan().topics.map((t) => [t.topic, t.partitions]));
  const created = Object.fromEntries(
    topicSpecs()
      .filter((t) => !t.topic.endsWith('.dlq'))
      .map((t) => [t.topic, t.partitions]),
  );
  expect(created).toEqual(planned);
});
