import { runMh, type MhRun } from './runMh';

/** A profile and a workspace for one CLI spec, and `mh` bound to them (run from the workspace). */
export interface CliFixture {
  profile: string;
  workspace: string;
  mh(...args: string[]): Promise<MhRun>;
  /** The pending proposals' ids, oldest first. */
  pendingIds(): Promise<string[]>;
}

export function cliFixture(makeDir: (label: string) => string): CliFixture {
  const profile = makeDir('cli-profile');
  const workspace = makeDir('cli-workspace');
  const mh = (...args: string[]) => runMh(['--profile', profile, ...args], { cwd: workspace });
  return {
    profile,
    workspace,
    mh,
    pendingIds: async () => {
      const listed = await mh('approvals', 'list', '--json');
      return listed.out
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { id: string }).id);
    },
  };
}

/** The id of the one proposal a `propose` printed first on its line. */
export function proposalId(run: MhRun): string {
  const id = /^(\S+)\s/.exec(run.out)?.[1];
  if (!id) throw new Error(`no proposal id in: ${run.out}${run.err}`);
  return id;
}
