// Opens a profile and tries one write, as whatever user this process runs as; prints the outcome.
import { openProfileStore } from '../../../../src/core/profile/profileStore';

async function main(): Promise<void> {
  const [dir] = process.argv.slice(2);
  const store = await openProfileStore(dir, { actor: 'reader', durable: false, lockTimeoutMs: 2_000 });
  const counts = await store.memory.counts();
  process.stdout.write(`read ${counts.note ?? 0}\n`);
  try {
    await store.memory.append({ kind: 'note', text: 'should not land', source: 'test' });
    process.stdout.write('wrote\n');
  } catch (error) {
    process.stdout.write(`error ${(error as { code?: string }).code} ${(error as Error).message}\n`);
  }
}

main().catch((error: unknown) => {
  process.stdout.write(`fatal ${String(error)}\n`);
});
