import * as vscode from 'vscode';
import type { CaptureContext } from './captureContext';
import type { GitApi, GitBranchRef, GitExtension, GitRepository } from './gitApi';

const MAX_FILES = 2000;

/**
 * Commits, branch switches, pulls and pushes, read from the git extension's repository state:
 * HEAD moving on the same branch is a commit (or a pull, when the branch was behind), a new branch
 * name is a switch, and the ahead count dropping to zero with HEAD unchanged is a push.
 */
export function captureGit(ctx: CaptureContext, log: (message: string) => void): vscode.Disposable[] {
  const disposables: vscode.Disposable[] = [];
  const watched = new Map<GitRepository, vscode.Disposable>();
  const watch = (repo: GitRepository) => {
    if (watched.has(repo)) return;
    let last = snapshot(repo.state.HEAD);
    watched.set(
      repo,
      repo.state.onDidChange(() => {
        const next = snapshot(repo.state.HEAD);
        const previous = last;
        last = next;
        void onHeadChange(ctx, repo, previous, next).catch((error: unknown) => log(`Git capture: ${error instanceof Error ? error.message : String(error)}`));
      }),
    );
  };
  const start = (api: GitApi) => {
    api.repositories.forEach(watch);
    disposables.push(
      api.onDidOpenRepository(watch),
      api.onDidCloseRepository((repo) => {
        watched.get(repo)?.dispose();
        watched.delete(repo);
      }),
    );
  };
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (extension) {
    void Promise.resolve(extension.isActive ? extension.exports : extension.activate()).then(
      (git) => {
        if (!git.enabled) return;
        const api = git.getAPI(1);
        if (api.state === 'initialized') start(api);
        else {
          const once = api.onDidChangeState((state) => {
            if (state !== 'initialized') return;
            once.dispose();
            start(api);
          });
          disposables.push(once);
        }
      },
      (error: unknown) => log(`Git capture is off: the git extension did not start (${error instanceof Error ? error.message : String(error)}).`),
    );
  }
  return [
    {
      dispose: () => {
        for (const d of [...watched.values(), ...disposables]) d.dispose();
      },
    },
  ];
}

interface HeadSnapshot {
  branch?: string;
  commit?: string;
  ahead: number;
  behind: number;
  remote?: string;
}

function snapshot(head: GitBranchRef | undefined): HeadSnapshot {
  return { branch: head?.name, commit: head?.commit, ahead: head?.ahead ?? 0, behind: head?.behind ?? 0, remote: head?.upstream?.remote };
}

async function onHeadChange(ctx: CaptureContext, repo: GitRepository, before: HeadSnapshot, after: HeadSnapshot): Promise<void> {
  const at = ctx.locate(repo.rootUri.with({ path: `${repo.rootUri.path.replace(/\/$/, '')}/.git` }));
  const workspace = at?.workspace ?? ctx.windowWorkspace();
  if (!workspace) return;
  const ts = ctx.now();
  if (after.branch && before.branch && after.branch !== before.branch) {
    ctx.emit({ type: 'git/branch', ts, workspace, from: before.branch, to: after.branch });
    return;
  }
  if (!after.commit || after.commit === before.commit) {
    if (before.ahead > 0 && after.ahead === 0) ctx.emit({ type: 'git/push', ts, workspace, branch: after.branch, remote: after.remote });
    return;
  }
  if (before.behind > 0 && after.behind === 0) {
    ctx.emit({ type: 'git/pull', ts, workspace, branch: after.branch, remote: after.remote });
    return;
  }
  const commit = await repo.getCommit(after.commit);
  // Only a commit made on top of the previous HEAD; a reset or rebase moves HEAD elsewhere.
  if (before.commit && !commit.parents.includes(before.commit)) return;
  const parent = commit.parents[0];
  const changes = parent ? await repo.diffBetween(parent, commit.hash) : [];
  const root = repo.rootUri.path.replace(/\/$/, '');
  const files = changes.slice(0, MAX_FILES).map((c) => ({ path: c.uri.path.startsWith(`${root}/`) ? c.uri.path.slice(root.length + 1) : c.uri.path }));
  ctx.emit({
    type: 'git/commit',
    ts,
    workspace,
    message: commit.message.slice(0, 16_384),
    files,
    ...(changes.length > MAX_FILES ? { filesTotal: changes.length } : {}),
    ...(after.branch ? { branch: after.branch } : {}),
    sha: commit.hash,
    ...(commit.authorName ? { author: commit.authorName } : {}),
  });
}
