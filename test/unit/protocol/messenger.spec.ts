import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import * as v from 'valibot';
import { MessengerClosedError, RemoteError, RequestAbortedError, RequestTimeoutError } from '../../../src/protocol/errors';
import { defineCommand, defineNotification, defineRequest, defineStream } from '../../../src/protocol/messageTypes';
import { Messenger } from '../../../src/protocol/messenger';
import { createInProcessPair, type Transport } from '../../../src/protocol/transport';

const Add = defineRequest('math/add', v.object({ a: v.number(), b: v.number() }), v.number());
const Count = defineStream('math/count', v.object({ to: v.number() }), v.object({ n: v.number() }));
const Forever = defineStream('math/forever', v.object({}), v.number());
const Hang = defineRequest('test/hang', v.object({}), v.string());
const Lie = defineRequest('test/lie', v.object({}), v.string());
const Hello = defineNotification('view/hello', v.object({ name: v.string() }));
const Tick = defineCommand('view/tick', v.object({}));

function pair() {
  const [a, b] = createInProcessPair();
  const logs: string[] = [];
  const client = new Messenger(a, { peerName: 'The server', log: (_l, m) => logs.push(m) });
  const server = new Messenger(b, { peerName: 'The client', log: (_l, m) => logs.push(m) });
  return { client, server, logs, serverTransport: b, clientTransport: a };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('Messenger', () => {
  it('answers a typed request with the handler result', async () => {
    const { client, server } = pair();
    server.onRequest(Add, ({ a, b }) => a + b);
    assert.equal(await client.request(Add, { a: 2, b: 3 }), 5);
  });

  it('rejects invalid params on arrival, naming the field, without running the handler', async () => {
    const { client, server } = pair();
    let ran = false;
    server.onRequest(Add, () => {
      ran = true;
      return 0;
    });
    const error = await client.request(Add, { a: 1, b: 'two' } as never).catch((e: unknown) => e);
    assert.ok(error instanceof RemoteError);
    assert.equal(error.code, 'invalid-params');
    assert.match(error.message, /math\/add.*b:/);
    assert.equal(ran, false);
  });

  it('answers an unknown method with an error instead of hanging', async () => {
    const { client } = pair();
    const error = await client.request(Add, { a: 1, b: 2 }, { timeoutMs: 2000 }).catch((e: unknown) => e);
    assert.ok(error instanceof RemoteError);
    assert.equal(error.code, 'unknown-method');
  });

  it('turns a handler exception into an error reply carrying its message', async () => {
    const { client, server } = pair();
    server.onRequest(Add, () => {
      throw new Error('disk full while writing memory/episodic/2026-11.jsonl');
    });
    await assert.rejects(client.request(Add, { a: 1, b: 2 }), /disk full while writing/);
  });

  it('rejects a malformed answer from the peer', async () => {
    const { client, server } = pair();
    server.onRequest(Lie, () => 42 as unknown as string);
    const error = await client.request(Lie, {}).catch((e: unknown) => e);
    assert.ok(error instanceof RemoteError);
    assert.equal(error.code, 'invalid-result');
  });

  it('logs and ignores malformed frames, and answers a malformed request that has an id', async () => {
    const { serverTransport, clientTransport, logs } = pair();
    const replies: unknown[] = [];
    clientTransport.onReceive((data) => replies.push(data));
    serverTransport.send({ nonsense: true } as never);
    clientTransport.send({ t: 'req', id: 7, method: '' } as never);
    await tick();
    assert.ok(logs.some((l) => l.includes('malformed')));
    assert.ok(replies.some((r) => (r as { id?: number; ok?: boolean }).id === 7 && (r as { ok?: boolean }).ok === false));
  });

  it('streams chunks in order and ends', async () => {
    const { client, server } = pair();
    server.onStream(Count, async function* ({ to }) {
      for (let n = 1; n <= to; n++) yield { n };
    });
    const seen: number[] = [];
    for await (const chunk of client.stream(Count, { to: 4 })) seen.push(chunk.n);
    assert.deepEqual(seen, [1, 2, 3, 4]);
  });

  it('aborts the remote stream when the consumer stops reading', async () => {
    const { client, server } = pair();
    let aborted = false;
    server.onStream(Forever, async function* (_p, ctx) {
      ctx.signal.addEventListener('abort', () => (aborted = true));
      for (let n = 0; ; n++) {
        yield n;
        await tick();
      }
    });
    for await (const n of client.stream(Forever, {})) if (n >= 2) break;
    await tick();
    await tick();
    assert.equal(aborted, true);
  });

  it('cancels a request by AbortSignal and tells the handler', async () => {
    const { client, server } = pair();
    let handlerAborted = false;
    server.onRequest(Hang, (_p, ctx) => new Promise<string>((resolve) => ctx.signal.addEventListener('abort', () => {
      handlerAborted = true;
      resolve('late');
    })));
    const controller = new AbortController();
    const pending = client.request(Hang, {}, { signal: controller.signal });
    await tick();
    controller.abort();
    await assert.rejects(pending, RequestAbortedError);
    await tick();
    assert.equal(handlerAborted, true);
  });

  it('times out a request nobody answers, with an error naming the method and the peer', async () => {
    const { client, server } = pair();
    server.onRequest(Hang, () => new Promise<string>(() => undefined));
    const error = await client.request(Hang, {}, { timeoutMs: 50 }).catch((e: unknown) => e);
    assert.ok(error instanceof RequestTimeoutError);
    assert.match(error.message, /The server did not answer "test\/hang" within 50 ms/);
  });

  it('fails every call in flight when closed, and refuses new ones', async () => {
    const { client, server } = pair();
    server.onRequest(Hang, () => new Promise<string>(() => undefined));
    const pending = client.request(Hang, {});
    await tick();
    client.close('the engine crashed');
    await assert.rejects(pending, (e: unknown) => e instanceof MessengerClosedError && /the engine crashed/.test(e.message));
    await assert.rejects(client.request(Hang, {}), MessengerClosedError);
  });

  it('delivers notifications and commands, and drops ones with invalid params', async () => {
    const { client, server, logs } = pair();
    const names: string[] = [];
    let ticks = 0;
    client.onNotification(Hello, ({ name }) => names.push(name));
    server.onCommand(Tick, () => ticks++);
    server.notify(Hello, { name: 'Ada' });
    server.notify(Hello, { name: 3 } as never);
    client.command(Tick, {});
    await tick();
    assert.deepEqual(names, ['Ada']);
    assert.equal(ticks, 1);
    assert.ok(logs.some((l) => l.includes('view/hello') && l.includes('invalid')));
  });

  it('refuses a second handler for the same method', () => {
    const { server } = pair();
    server.onRequest(Add, () => 1);
    assert.throws(() => server.onRequest(Add, () => 2), /already registered/);
  });
});

export type { Transport };
