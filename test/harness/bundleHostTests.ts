import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './vscodeTestEnv';

export const hostTestsOutDir = join(repoRoot, 'out', 'test', 'host');

/** Bundles test/host (the runner and every *.test.ts) to out/test/host, CommonJS, `vscode` and mocha external. */
export async function bundleHostTests(): Promise<void> {
  rmSync(hostTestsOutDir, { recursive: true, force: true });
  const testDir = join(repoRoot, 'test', 'host');
  const entries = readdirSync(testDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  await build({
    entryPoints: entries.map((f) => join(testDir, f)),
    outdir: hostTestsOutDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

if (require.main === module) void bundleHostTests();
