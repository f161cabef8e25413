import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import { cliBuild } from '../../../scripts/buildOptions';
import { copyRuntimeAssets } from '../../../scripts/runtimeAssets';

// What `npm run build` ships as the `mh` bin, run the way npm links it.
describe('the built mh command', () => {
  it('runs as an executable script and prints its version and help', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'mh-cli-bundle-'));
    copyRuntimeAssets(outdir);
    await build({ ...cliBuild({ production: true }), outdir, logLevel: 'error' });
    const bin = join(outdir, 'mh.js');
    assert.equal(readFileSync(bin, 'utf8').split('\n').filter((l) => l.startsWith('#!')).length, 1, 'exactly one #! line');
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    assert.equal(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim(), version);
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    for (const command of ['status', 'search', 'ingest', 'agents', 'approvals', 'skills', 'policy']) assert.match(help, new RegExp(`\\b${command}\\b`));
    // The end-to-end test raises an approval in VS Code this way: the skills' manifests and the policy must be in the bundle.
    const profile = mkdtempSync(join(tmpdir(), 'mh-cli-bundle-profile-'));
    const proposed = execFileSync(process.execPath, [bin, '--profile', profile, 'approvals', 'propose', 'write-file', '--args', '{"path":"a.md","content":"x"}', '--reason', 'bundle check', '--workspace', outdir], { encoding: 'utf8' });
    assert.match(proposed, /pending\s+write-file/);
  });
});
