// Holds leadership in its own process until killed, so a follower can take over from a dead leader.
import { openProfileStore } from '../../../../src/core/profile/profileStore';

async function main(): Promise<void> {
  const [dir] = process.argv.slice(2);
  const store = await openProfileStore(dir, { actor: 'leader-child', durable: false, heartbeatMs: 50 });
  const leads = await store.leadership.acquireLeadership();
  process.stdout.write(`${leads ? 'leader' : 'follower'}\n`);
  setInterval(() => undefined, 1_000); // stay alive until killed
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
