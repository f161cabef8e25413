import { constants } from 'node:fs';
import { access, mkdtemp, open, rm, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DiagnosticCheck } from '../../protocol/engineProtocol';

/** Below this much free space the engine warns: logs and the index need room to grow. */
const LOW_DISK_BYTES = 200 * 1024 * 1024;

/** The engine's self-checks, each yielded as soon as it completes so the UI can stream them. */
export async function* runDiagnostics(profilePath: string, signal?: AbortSignal): AsyncGenerator<DiagnosticCheck> {
  const checks: Array<() => Promise<DiagnosticCheck>> = [
    () => Promise.resolve(checkRuntime()),
    () => checkProfileFolder(profilePath),
    () => checkWritable(profilePath),
    () => checkDiskSpace(profilePath),
    () => Promise.resolve(checkModels()),
  ];
  for (const check of checks) {
    if (signal?.aborted) return;
    yield await check();
  }
}

function checkRuntime(): DiagnosticCheck {
  const [major] = process.versions.node.split('.').map(Number);
  return major !== undefined && major >= 20
    ? { check: 'Runtime', outcome: 'ok', detail: `Node ${process.versions.node} on ${process.platform}/${process.arch}` }
    : { check: 'Runtime', outcome: 'fail', detail: `Node ${process.versions.node} is too old: MetaHuman needs Node 20 or newer (VS Code 1.95+).` };
}

async function checkProfileFolder(profilePath: string): Promise<DiagnosticCheck> {
  if (await exists(profilePath)) return { check: 'Profile folder', outcome: 'ok', detail: profilePath };
  const parent = await nearestExistingAncestor(profilePath);
  return { check: 'Profile folder', outcome: 'ok', detail: `${profilePath} will be created on first use (inside ${parent}).` };
}

async function checkWritable(profilePath: string): Promise<DiagnosticCheck> {
  const where = (await exists(profilePath)) ? profilePath : await nearestExistingAncestor(profilePath);
  let probeDir: string | undefined;
  try {
    probeDir = await mkdtemp(join(where, '.mh-probe-'));
    const handle = await open(join(probeDir, 'probe'), 'w');
    await handle.writeFile('probe\n');
    await handle.sync();
    await handle.close();
    return { check: 'Profile writable', outcome: 'ok', detail: `Durable writes work in ${where}.` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      check: 'Profile writable',
      outcome: 'fail',
      detail: `Cannot write in ${where} (${code}). Pick another folder in the setting "metahuman.profilePath" or fix its permissions.`,
    };
  } finally {
    if (probeDir) await rm(probeDir, { recursive: true, force: true });
  }
}

async function checkDiskSpace(profilePath: string): Promise<DiagnosticCheck> {
  const where = (await exists(profilePath)) ? profilePath : await nearestExistingAncestor(profilePath);
  const stats = await statfs(where);
  const free = stats.bavail * stats.bsize;
  const text = `${(free / 1024 ** 3).toFixed(1)} GiB free on the profile's disk`;
  return free < LOW_DISK_BYTES
    ? { check: 'Disk space', outcome: 'warn', detail: `${text}: free some space, or new memories may not be saved.` }
    : { check: 'Disk space', outcome: 'ok', detail: text };
}

function checkModels(): DiagnosticCheck {
  return {
    check: 'Models',
    outcome: 'ok',
    detail: 'Offline mode: no model is configured, so nothing leaves this machine; answers come from your memories.',
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

async function nearestExistingAncestor(path: string): Promise<string> {
  let current = dirname(path);
  while (!(await exists(current)) && dirname(current) !== current) current = dirname(current);
  return current;
}
