// A writer in its own process: appends `count` records one by one and prints each id once the
// append has resolved (the acknowledgement the crash test counts on).
import { openProfileStore } from '../../../../src/core/profile/profileStore';

async function main(): Promise<void> {
  const [dir, worker, countText, mode] = process.argv.slice(2);
  const count = Number(countText);
  const store = await openProfileStore(dir, { actor: `worker-${worker}`, durable: mode === 'durable', lockTimeoutMs: 60_000 });
  process.stdout.write(`ready\n`);
  for (let i = 0; i < count; i++) {
    const record = await store.memory.append({ kind: i % 3 === 0 ? 'event' : i % 3 === 1 ? 'note' : 'chat', text: `worker ${worker} record ${i} ${'x'.repeat(i % 50)}`, source: `worker:${worker}`, meta: { worker, seq: i } });
    if (mode !== 'quiet') process.stdout.write(`ack ${record.id} ${i}\n`);
  }
  await store.close();
  process.stdout.write('done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
