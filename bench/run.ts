// `npm run bench [-- name]`: runs every benchmark in bench/ (or the one named) in turn. Benchmarks print
// figures; they never pass or fail a build.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = __dirname;
const helpers = new Set(['run.ts', 'stats.ts']);
const all = readdirSync(benchDir).filter((f) => f.endsWith('.ts') && !helpers.has(f) && !f.startsWith('_')).sort();
const only = process.argv[2];
const chosen = only ? all.filter((f) => f.replace(/\.ts$/, '') === only) : all;
if (chosen.length === 0) {
  console.error(`No benchmark "${only}". Benchmarks: ${all.map((f) => f.replace(/\.ts$/, '')).join(', ')}`);
  process.exit(1);
}
for (const file of chosen) {
  console.log(`\n=== bench/${file} ===`);
  const tsx = join(benchDir, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  spawnSync(process.execPath, [tsx, join(benchDir, file), ...process.argv.slice(3)], { stdio: 'inherit' });
}
