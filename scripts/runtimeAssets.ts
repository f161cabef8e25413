import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Files the bundles load at run time from beside themselves (WebAssembly binaries). esbuild
 * inlines JavaScript but not these, so they are copied into dist/.
 */
export function copyRuntimeAssets(distDir: string): void {
  const wasm = require.resolve('node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm');
  if (existsSync(wasm)) cpSync(wasm, join(distDir, 'node-sqlite3-wasm.wasm'));
  else throw new Error(`Missing ${wasm}: run npm ci.`);
}
