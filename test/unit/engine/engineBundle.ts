import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineBuild } from '../../../scripts/buildOptions';
import { copyRuntimeAssets } from '../../../scripts/runtimeAssets';

/** Builds the real engine worker bundle (and a test worker) into a temp folder, as `npm run build` does. */
export async function buildWorkers(): Promise<{ engine: string; flaky: string }> {
  const outdir = mkdtempSync(join(tmpdir(), 'mh-engine-'));
  copyRuntimeAssets(outdir);
  await build({ ...engineBuild({ production: false }), outdir, sourcemap: false, logLevel: 'error' });
  await build({
    ...engineBuild({ production: false }),
    entryPoints: { flaky: 'test/fixtures/engine/flakyWorker.ts' },
    outdir,
    sourcemap: false,
    logLevel: 'error',
  });
  return { engine: join(outdir, 'engine.js'), flaky: join(outdir, 'flaky.js') };
}
