import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseYamlDocuments, readRepoFile, repoRoot, SERVICES } from './files';

/** A rendered Kubernetes object, loosely typed: the tests read the parts each policy is about. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const k8sDir = join(repoRoot, 'deploy', 'k8s');

/**
 * `kubectl kustomize <dir>`. CI machines have kubectl (it bundles kustomize); a machine without it fails
 * here with the reason instead of skipping the checks.
 */
export function render(dir: string): K8sObject[] {
  let out: string;
  try {
    out = execFileSync('kubectl', ['kustomize', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error('kubectl is not on PATH: install kubectl (it bundles kustomize) to render deploy/k8s');
    }
    throw new Error(`kubectl kustomize ${dir} failed: ${err.stderr ?? err.message}`);
  }
  return parseYamlDocuments(out) as K8sObject[];
}

/** Validates objects against the Kubernetes (and CRD) schemas offline; one error string per invalid object. */
export function schemaErrors(objects: K8sObject[]): string[] {
  const out = execFileSync(process.execPath, [join(__dirname, 'validateK8s.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    cwd: join(repoRoot, 'tests'),
  });
  return (JSON.parse(out) as Array<{ kind: string; name: string; error: string | null }>)
    .filter((r) => r.error !== null)
    .map((r) => `${r.kind}/${r.name}: ${r.error}`);
}

const mainOf = (service: string) => readRepoFile('services', service, 'src', 'main.ts');

/** Who calls whom over gRPC, read from the code: a service that reads `<CALLEE>_GRPC` calls that service. */
export function grpcCallers(): Map<string, string[]> {
  const callers = new Map<string, string[]>(SERVICES.map((s) => [s, ['gateway']]));
  for (const caller of SERVICES) {
    for (const m of mainOf(caller).matchAll(/\b([A-Z]+)_GRPC:\s*z\./g)) {
      const callee = m[1]!.toLowerCase();
      callers.get(callee)?.push(caller);
    }
  }
  return callers;
}

/** The topics each service's consumers read, from `topics: [rt.topicOf('x'), …]` in its main.ts. */
export function consumedTopics(service: string): string[] {
  const lists = [...mainOf(service).matchAll(/topics:\s*\[([^\]]*)\]/g)].map((m) => m[1]!);
  return lists.flatMap((l) => [...l.matchAll(/topicOf\('(\w+)'\)/g)].map((m) => m[1]!));
}
