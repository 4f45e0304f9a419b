// Validates Kubernetes objects against the API schemas bundled in the kubernetes-models packages (offline).
// Reads a JSON array of objects on stdin, prints a JSON array of { kind, name, error } (error null when valid).
// A separate Node process because the model packages are ES modules only, which jest's CommonJS runtime
// cannot load.
const GROUPS = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'external-secrets.io': '@kubernetes-models/external-secrets',
};

function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [undefined, apiVersion];
  if (!group) return `kubernetes-models/${version}/${kind}`;
  const pkg = GROUPS[group] ?? 'kubernetes-models';
  return `${pkg}/${group}/${version}/${kind}`;
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const obj of JSON.parse(input)) {
  const name = obj?.metadata?.name;
  try {
    const mod = await import(modulePath(obj.apiVersion, obj.kind));
    const Model = mod[obj.kind];
    if (typeof Model !== 'function') throw new Error(`no model for ${obj.apiVersion} ${obj.kind}`);
    new Model(obj).validate();
    results.push({ kind: obj.kind, name, error: null });
  } catch (e) {
    const code = e && e.code;
    const error =
      code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'
        ? `no schema for ${obj.apiVersion} ${obj.kind}`
        : String(e && e.message ? e.message : e);
    results.push({ kind: obj.kind, name, error });
  }
}
process.stdout.write(JSON.stringify(results));
