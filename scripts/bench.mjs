// `npm run bench`: builds, starts the test profile of the infrastructure and runs the benchmarks.
import { build, ensureInstalled, infraCli, log, onPinnedNode, run } from './lib.mjs';

ensureInstalled();
await onPinnedNode();
build();
infraCli(['up', '--profile', 'test']);
log('backbone benchmark');
run('npm', ['run', 'bench', '-w', 'bench']);
log('ingestion benchmark');
run('npm', ['run', 'bench:ingestion', '-w', 'bench']);
log('platform benchmark');
run('npm', ['run', 'bench:platform', '-w', 'bench']);
