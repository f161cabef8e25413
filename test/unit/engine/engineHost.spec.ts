import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { defaultSettings } from '../../../src/core/settings/settingsTable';
import { EngineHost, type EngineState } from '../../../src/host/engine/engineHost';
import { EngineDiagnoseStream, EngineStatusRequest } from '../../../src/protocol/engineProtocol';
import { MessengerClosedError, RequestTimeoutError } from '../../../src/protocol/errors';
import { Crash, Hang, HoldShutdown, Instance } from '../../fixtures/engine/flakyProtocol';
import { buildWorkers } from './engineBundle';

let workers: { engine: string; flaky: string };
const profilePath = join(mkdtempSync(join(tmpdir(), 'mh-profile-')), 'profile');

function host(workerPath: string, extra: Partial<ConstructorParameters<typeof EngineHost>[0]> = {}) {
  const states: EngineState[] = [];
  const logs: string[] = [];
  const engine = new EngineHost({
    workerPath,
    settings: { profilePath, values: defaultSettings() },
    requestTimeoutMs: 10_000,
    log: (_level, message) => logs.push(message),
    onStateChange: (state) => states.push(state),
    ...extra,
  });
  return { engine, states, logs };
}

const waitFor = async (predicate: () => boolean, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
};

describe('EngineHost with the real engine worker', () => {
  before(async () => {
    workers = await buildWorkers();
  });

  it('starts the worker lazily on the first request and answers with the profile in use', async () => {
    const { engine, states } = host(workers.engine);
    assert.equal(engine.currentState, 'stopped');
    const status = await engine.request(EngineStatusRequest, {});
    assert.equal(status.profilePath, profilePath);
    assert.equal(status.profileExists, false);
    assert.match(status.runtime, /^node \d+/);
    assert.ok(states.includes('starting'));
    await engine.dispose();
  });

  it('streams every diagnostic check from the worker', async () => {
    const { engine } = host(workers.engine);
    const checks = [];
    for await (const check of engine.stream(EngineDiagnoseStream, {})) checks.push(check);
    assert.deepEqual(checks.map((c) => c.check), ['Runtime', 'Profile folder', 'Profile writable', 'Disk space', 'Models']);
    assert.equal(checks.find((c) => c.check === 'Profile writable')?.outcome, 'ok');
    await engine.dispose();
  });

  it('restarts on a new profile folder when asked', async () => {
    const { engine } = host(workers.engine);
    await engine.request(EngineStatusRequest, {});
    await engine.restart({ profilePath: '/tmp/another-profile', values: defaultSettings() });
    assert.equal((await engine.request(EngineStatusRequest, {})).profilePath, '/tmp/another-profile');
    await engine.dispose();
  });
});

describe('EngineHost when the worker misbehaves', () => {
  before(async () => {
    workers ??= await buildWorkers();
  });

  it('reports a crash, fails the request in flight with the reason, and restarts the worker', async () => {
    const { engine, states, logs } = host(workers.flaky);
    const first = await engine.request(Instance, {});
    const error = await engine.request(Crash, {}).catch((e: unknown) => e);
    assert.ok(error instanceof MessengerClosedError);
    assert.match(error.message, /engine crashed: boom/);
    assert.ok(states.includes('crashed'));
    assert.ok(logs.some((l) => /crashed: boom; restarting/.test(l)));
    await waitFor(() => engine.currentState === 'ready', 'the restart');
    const second = await engine.request(Instance, {});
    assert.notEqual(second, first, 'a fresh worker answers after the crash');
    await engine.dispose();
  });

  it('stops restarting after too many crashes, and starts again when asked', async () => {
    const { engine, states } = host(workers.flaky, { maxCrashes: 1 });
    await engine.request(Crash, {}).catch(() => undefined);
    await waitFor(() => engine.currentState === 'ready', 'the first restart');
    await engine.request(Crash, {}).catch(() => undefined);
    assert.equal(engine.currentState, 'failed');
    assert.ok(states.includes('failed'));
    assert.equal(typeof (await engine.request(Instance, {})), 'string');
    await engine.dispose();
  });

  it('a request made while a restart waits for the old worker to shut down gets a new worker, reported ready, not stopped', async () => {
    // This worker never answers the shutdown request, so the restart waits out its grace period.
    const { engine } = host(workers.flaky);
    try {
      const first = await engine.request(HoldShutdown, {});
      const restarting = engine.restart();
      const second = await engine.request(Instance, {});
      assert.notEqual(second, first, 'a fresh worker answers during the restart');
      await waitFor(() => engine.currentState === 'ready', 'the new worker to be ready');
      await restarting;
      assert.equal(engine.currentState, 'ready', 'the running engine is not shown as stopped once the old one is gone');
      assert.equal(await engine.request(Instance, {}), second, 'the same new worker goes on answering');
    } finally {
      await engine.dispose();
    }
  });

  it('times out a request the worker never answers, with a clear error', async () => {
    const { engine } = host(workers.flaky, { requestTimeoutMs: 100 });
    const error = await engine.request(Hang, {}).catch((e: unknown) => e);
    assert.ok(error instanceof RequestTimeoutError);
    assert.match(error.message, /The MetaHuman engine did not answer "test\/hang" within 100 ms/);
    await engine.dispose();
  });

  it('fails pending requests on dispose and refuses new ones', async () => {
    const { engine } = host(workers.flaky);
    const pending = engine.request(Hang, {}).catch((e: unknown) => e);
    await engine.dispose();
    const error = await pending;
    assert.ok(error instanceof MessengerClosedError);
    assert.match(error.message, /deactivated/);
    assert.throws(() => engine.start(), /shut down/);
  });
});
