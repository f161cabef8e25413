// `npm run build` (add --production to minify, --watch to rebuild on change).
import { build, context, type Metafile } from 'esbuild';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allBuilds, distDir } from './buildOptions';
import { copyRuntimeAssets } from './runtimeAssets';

async function main(): Promise<void> {
  const production = process.argv.includes('--production');
  const watch = process.argv.includes('--watch');
  const builds = allBuilds({ production });
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });
  copyRuntimeAssets(distDir);
  if (watch) {
    for (const options of builds) await (await context(options)).watch();
    console.log('[build] watching for changes');
    return;
  }
  const started = Date.now();
  const results = await Promise.all(builds.map((options) => build(options)));
  const merged: Metafile = { inputs: {}, outputs: {} };
  for (const result of results) {
    Object.assign(merged.inputs, result.metafile?.inputs);
    Object.assign(merged.outputs, result.metafile?.outputs);
  }
  writeFileSync(join(distDir, 'meta.json'), JSON.stringify(merged));
  chmodSync(join(distDir, 'mh.js'), 0o755);
  for (const [file, output] of Object.entries(merged.outputs)) {
    if (file.endsWith('.js')) console.log(`[build] ${file.padEnd(28)} ${(output.bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
  console.log(`[build] done in ${Date.now() - started} ms (${production ? 'production' : 'development'})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
