import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { EngineHost } from '../../../src/host/engine/engineHost';
import { MemoryAddNoteRequest, MemorySearchRequest } from '../../../src/protocol/memoryProtocol';
import { buildWorkers } from './engineBundle';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..');

/** `mh` as a separate process, as a person would run it next to an open VS Code. */
async function mh(profile: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'mh.ts'), '--profile', profile, ...args], { cwd: root });
}

// One writer for the shared index: the profile's leader. Everyone else searches a private copy.
describe('Index placement across processes', () => {
  let engine: EngineHost;
  const profile = join(mkdtempSync(join(tmpdir(), 'mh-placement-')), 'profile');
  const privateDir = join(profile, 'index', 'private');

  before(async () => {
    const { engine: workerPath } = await buildWorkers();
    engine = new EngineHost({ workerPath, settings: { profilePath: profile, values: defaultSettings(), actor: 'vscode' }, requestTimeoutMs: 30_000, log: () => undefined });
  });
  after(async () => {
    await engine.dispose();
  });

  it('the first engine owns the shared index; mh run meanwhile answers from a private one it then deletes', async () => {
    const { id } = await engine.request(MemoryAddNoteRequest, { text: 'Benchmarked the arena allocator against malloc' });
    assert.ok(existsSync(join(profile, 'index', 'memory.sqlite')), 'the engine built the shared index');
    const { stdout, stderr } = await mh(profile, 'search', 'arena allocator', '--json');
    const hits = JSON.parse(stdout) as { id: string }[];
    assert.equal(hits[0]?.id, id);
    assert.match(stderr, /private/);
    assert.deepEqual(existsSync(privateDir) ? readdirSync(privateDir) : [], [], 'private index removed after the command');
    // The engine still works on the shared index the CLI did not touch.
    assert.equal((await engine.request(MemorySearchRequest, { query: 'arena allocator' })).hits[0]?.id, id);
  });

  it('private indexes left by dead processes are cleaned up, and mh owns the shared index when no window runs', async () => {
    mkdirSync(join(privateDir, '999999-deadbeef'), { recursive: true });
    await engine.dispose();
    const { stdout, stderr } = await mh(profile, 'search', 'arena allocator', '--json');
    assert.doesNotMatch(stderr, /private/);
    assert.equal((JSON.parse(stdout) as unknown[]).length, 1);
    assert.deepEqual(readdirSync(privateDir), [], 'dead private index removed');
  });
});
