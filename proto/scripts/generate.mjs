// Generates TypeScript from every .proto under proto/ with ts-proto, using the protoc binary shipped in
// the npm `protoc` package (nothing is downloaded at build time).
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src', 'gen');

function protos(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'src' ? [] : protos(p);
    return name.endsWith('.proto') ? [relative(root, p)] : [];
  });
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const protocBin = join(dirname(require.resolve('protoc/package.json')), 'protoc.cjs');
const plugin = join(dirname(require.resolve('ts-proto/package.json')), 'protoc-gen-ts_proto');
const files = protos(root);
execFileSync(
  process.execPath,
  [
    protocBin,
    `--plugin=protoc-gen-ts_proto=${plugin}`,
    `--ts_proto_out=${out}`,
    '--ts_proto_opt=outputServices=grpc-js,forceLong=string,useDate=true,esModuleInterop=true,env=node,useExactTypes=false',
    `-I${root}`,
    ...files,
  ],
  { stdio: 'inherit', cwd: root },
);
console.log(`generated ${files.length} proto files into src/gen`);
