// `npm run test:electron`: the host tests through @vscode/test-cli, for machines that can download
// VS Code (this one cannot: `npm test` runs the same tests in code-server instead).
import { defineConfig } from '@vscode/test-cli';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default defineConfig({
  label: 'host',
  files: 'out/test/host/*.test.js',
  version: 'stable',
  workspaceFolder: 'test/fixtures/sample-workspace',
  env: { MH_PROFILE: mkdtempSync(join(tmpdir(), 'mh-electron-profile-')) },
  mocha: { ui: 'tdd', timeout: 30_000 },
});
