import type { BuildOptions } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The bundles of the extension, as typed option objects (CONVENTIONS.md, "Tests and tools"). */
export const root = join(__dirname, '..');
export const distDir = join(root, 'dist');

export interface BuildMode {
  production: boolean;
}

const nodeCommon = (mode: BuildMode): BuildOptions => ({
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: mode.production ? false : 'linked',
  minify: mode.production,
  keepNames: true,
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
  // Loaded lazily and only when the person configures a local ONNX embedder: native and large.
  external: ['@huggingface/transformers', 'onnxruntime-node', 'sharp'],
  // ESM dependencies (node-cron) read import.meta.url at load, which a CJS bundle leaves empty.
  define: { 'import.meta.url': '__mhImportMetaUrl' },
  inject: [join(__dirname, 'importMetaUrl.ts')],
});

/** The extension host bundle: activation, commands, views. `vscode` is provided by the editor. */
export const hostBuild = (mode: BuildMode): BuildOptions => ({
  ...nodeCommon(mode),
  entryPoints: { host: 'src/host/extension.ts' },
  outdir: distDir,
  external: [...(nodeCommon(mode).external ?? []), 'vscode'],
});

/** The engine, run in a worker thread of the extension host. */
export const engineBuild = (mode: BuildMode): BuildOptions => ({
  ...nodeCommon(mode),
  entryPoints: { engine: 'src/core/engine/engineWorker.ts' },
  outdir: distDir,
});

/** The `mh` command (esbuild keeps the entry's `#!` line). */
export const cliBuild = (mode: BuildMode): BuildOptions => ({
  ...nodeCommon(mode),
  entryPoints: { mh: 'src/cli/mh.ts' },
  outdir: distDir,
});

/** Every `webview/<name>/main.ts` is a view's entry, bundled to `dist/webview/<name>.js`. */
export function webviewEntries(): Record<string, string> {
  const dir = join(root, 'webview');
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'main.ts')))
    .map((entry) => entry.name)
    .sort();
  return Object.fromEntries(names.map((name) => [name, `webview/${name}/main.ts`]));
}

/** One ESM browser bundle per webview. */
export const webviewBuild = (mode: BuildMode): BuildOptions => ({
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  sourcemap: mode.production ? false : 'linked',
  minify: mode.production,
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
  entryPoints: webviewEntries(),
  outdir: join(distDir, 'webview'),
});

export const allBuilds = (mode: BuildMode): BuildOptions[] => [hostBuild(mode), engineBuild(mode), cliBuild(mode), webviewBuild(mode)];
