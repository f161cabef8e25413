import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { CaptureEvent } from '../../../src/core/capture/captureEvent';
import { CaptureGate, type CapturePrivacySettings } from '../../../src/core/capture/privacy/captureGate';
import { loadGitignores } from '../../../src/core/capture/privacy/gitignoreLoader';
import { PathFilter } from '../../../src/core/capture/privacy/pathFilter';
import { createPathHasher, isHashedPath, readOrCreatePathSalt } from '../../../src/core/capture/privacy/pathHasher';
import { isOptedOut } from '../../../src/core/capture/privacy/workspaceOptOut';
import { defaultSettings } from '../../../src/core/settings/settingsTable';

const temp = mkdtempSync(join(tmpdir(), 'mh-capture-privacy-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const defaultGlobs = defaultSettings().captureExcludeGlobs;

describe('path filter', () => {
  it('excludes secret files by the default globs, in any folder', () => {
    const filter = new PathFilter({ excludeGlobs: defaultGlobs });
    for (const p of ['.env', '.env.local', 'apps/web/.env.production', 'certs/server.pem', 'tls/site.key', 'config/secrets/db.yml', '.ssh/id_ed25519', 'deploy/id_rsa.pub', '.npmrc', 'infra/prod.tfvars']) {
      assert.equal(filter.exclusionOf(p), 'exclude-glob', p);
    }
    for (const p of ['src/index.ts', 'README.md', 'src/keyboard.ts', 'docs/environment.md', 'src/secretsView.ts']) {
      assert.equal(filter.exclusionOf(p), undefined, p);
    }
  });

  it('follows .gitignore semantics: nested files, negation, folders, closest file wins', () => {
    const filter = new PathFilter({
      gitignores: [
        { dir: '', content: 'node_modules/\n*.log\n!important.log\ndist\n' },
        { dir: 'packages/api', content: 'generated/\n!debug.log\n' },
      ],
    });
    assert.equal(filter.exclusionOf('node_modules/lodash/index.js'), 'gitignore');
    assert.equal(filter.exclusionOf('logs/app.log'), 'gitignore');
    assert.equal(filter.exclusionOf('important.log'), undefined);
    assert.equal(filter.exclusionOf('dist/host.js'), 'gitignore');
    assert.equal(filter.exclusionOf('packages/api/generated/client.ts'), 'gitignore');
    assert.equal(filter.exclusionOf('packages/api/debug.log'), undefined);
    assert.equal(filter.exclusionOf('packages/web/generated/client.ts'), undefined);
    assert.equal(filter.exclusionOf('src/app.ts'), undefined);
  });

  it("applies the editor's files.exclude and never captures git's own files", () => {
    const filter = new PathFilter({ filesExclude: ['**/.DS_Store', '**/coverage'] });
    assert.equal(filter.exclusionOf('a/.DS_Store'), 'files-exclude');
    assert.equal(filter.exclusionOf('coverage'), 'files-exclude');
    assert.equal(filter.exclusionOf('.git/config'), 'git-internal');
    assert.equal(filter.exclusionOf('sub/.git/HEAD'), 'git-internal');
  });

  it('checks a file outside the workspace by its name and path, without .gitignore', () => {
    const filter = new PathFilter({ excludeGlobs: defaultGlobs, gitignores: [{ dir: '', content: '*.ts\n' }] });
    assert.equal(filter.exclusionOf('/home/ada/.aws/credentials'), 'exclude-glob');
    assert.equal(filter.exclusionOf('C:\\Users\\ada\\proj\\.env'), 'exclude-glob');
    assert.equal(filter.exclusionOf('/home/ada/other/app.ts'), undefined);
  });

  it('loads .gitignore files from disk for the engine, skipping ignored folders', async () => {
    const root = join(temp, 'repo');
    mkdirSync(join(root, '.git', 'info'), { recursive: true });
    mkdirSync(join(root, 'packages', 'api'), { recursive: true });
    mkdirSync(join(root, 'build', 'deep'), { recursive: true });
    mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(root, '.gitignore'), 'build/\n');
    writeFileSync(join(root, '.git', 'info', 'exclude'), 'scratch.txt\n');
    writeFileSync(join(root, 'packages', 'api', '.gitignore'), 'out/\n');
    writeFileSync(join(root, 'build', 'deep', '.gitignore'), '!*\n');
    writeFileSync(join(root, 'node_modules', 'x', '.gitignore'), '!*\n');
    const sources = await loadGitignores(root);
    assert.deepEqual(sources.map((s) => s.dir).sort(), ['', '', 'packages/api']);
    const filter = new PathFilter({ gitignores: sources });
    assert.equal(filter.exclusionOf('scratch.txt'), 'gitignore');
    assert.equal(filter.exclusionOf('packages/api/out/x.js'), 'gitignore');
    assert.equal(filter.exclusionOf('build/deep/a.js'), 'gitignore');
    assert.equal(filter.exclusionOf('packages/api/src/x.ts'), undefined);
  });
});

describe('opt-out and hashed paths', () => {
  it('opts out a folder and everything below it, whatever the slashes or drive-letter case', () => {
    assert.ok(isOptedOut('/home/ada/clients/acme', ['/home/ada/clients']));
    assert.ok(isOptedOut('/home/ada/clients', ['/home/ada/clients/']));
    assert.ok(!isOptedOut('/home/ada/clients-old', ['/home/ada/clients']));
    assert.ok(isOptedOut('c:\\Work\\Secret', ['C:/work/secret']));
    assert.ok(!isOptedOut('/home/ada/app', []));
  });

  it('hashes a path the same way every time, differently per salt, without the name', () => {
    const a = createPathHasher('salt-one-0123456789abcdef0123456789');
    const b = createPathHasher('salt-two-0123456789abcdef0123456789');
    assert.equal(a('src/core/secretPlan.ts'), a('src/core/secretPlan.ts'));
    assert.equal(a('src\\core\\secretPlan.ts'), a('src/core/secretPlan.ts'));
    assert.notEqual(a('src/core/secretPlan.ts'), b('src/core/secretPlan.ts'));
    assert.notEqual(a('src/a.ts'), a('src/b.ts'));
    assert.ok(isHashedPath(a('src/core/secretPlan.ts')));
    assert.ok(!a('src/core/secretPlan.ts').includes('secretPlan'));
  });

  it('creates one salt per profile, owner-only, and reads the same one back', () => {
    const profile = join(temp, 'profile');
    const first = readOrCreatePathSalt(profile);
    assert.equal(readOrCreatePathSalt(profile), first);
    assert.equal(first.length, 64);
    if (process.platform !== 'win32') assert.equal(statSync(join(profile, 'capture', 'path-salt')).mode & 0o077, 0);
  });
});

describe('capture gate', () => {
  const workspace = { folder: '/home/ada/app', name: 'app' };
  const ts = '2024-03-01T10:00:00.000Z';
  const allOn: CapturePrivacySettings = {
    enabled: true,
    sources: { files: true, git: true, terminal: true, diagnostics: true, debugAndTasks: true, focus: true },
    optOutFolders: [],
  };
  const filter = new PathFilter({ excludeGlobs: defaultGlobs, gitignores: [{ dir: '', content: 'dist/\n' }] });
  const gate = (settings: Partial<CapturePrivacySettings> = {}, hash = false) =>
    new CaptureGate({ ...allOn, ...settings }, { filterFor: () => filter, hasher: hash ? createPathHasher('x'.repeat(64)) : undefined });

  it('drops what settings, opt-outs and path rules refuse', () => {
    const edit: CaptureEvent = { type: 'file/edited', ts, workspace, file: 'src/a.ts', linesAdded: 1, linesRemoved: 0 };
    assert.equal(gate({ enabled: false }).admit(edit).dropped, 'disabled');
    assert.equal(gate({ sources: { ...allOn.sources, files: false } }).admit(edit).dropped, 'source-off');
    assert.equal(gate({ optOutFolders: ['/home/ada'] }).admit(edit).dropped, 'opted-out');
    assert.equal(gate().admit({ ...edit, file: '.env' }).dropped, 'excluded-path');
    assert.equal(gate().admit({ ...edit, file: 'dist/host.js' }).dropped, 'excluded-path');
    assert.equal(gate().admit({ type: 'file/renamed', ts, workspace, file: 'notes.txt', oldFile: '.env' }).dropped, 'excluded-path');
    assert.deepEqual(gate().admit(edit).event, edit);
  });

  it('redacts secrets in commit messages and commands and drops excluded files from a commit', () => {
    const commit = gate().admit({
      type: 'git/commit', ts, workspace, sha: 'abc1234', branch: 'main',
      message: 'Use token ghp_R8x2Lq9ZpT4vN7mK3sW6yB1cF5hJ0dG2aE9u for CI',
      files: [{ path: 'src/ci.ts' }, { path: 'secrets/ci.json' }],
    });
    assert.ok(commit.event?.type === 'git/commit');
    assert.equal(commit.event.message, 'Use token [REDACTED:github-token] for CI');
    assert.deepEqual(commit.event.files.map((f) => f.path), ['src/ci.ts']);
    assert.equal(commit.event.filesTotal, 2);
    assert.deepEqual(commit.redacted, { 'github-token': 1 });
    const command = gate().admit({ type: 'terminal/command', ts, workspace, commandLine: 'PGPASSWORD=hunter2 psql', exitCode: 0 });
    assert.ok(command.event?.type === 'terminal/command');
    assert.equal(command.event.commandLine, 'PGPASSWORD=[REDACTED:password] psql');
  });

  it('hashes every path when asked, keeping the project name', () => {
    const out = gate({}, true).admit({ type: 'file/saved', ts, workspace, file: 'src/a.ts' });
    assert.ok(out.event?.type === 'file/saved');
    assert.ok(isHashedPath(out.event.file));
    assert.ok(isHashedPath(out.event.workspace.folder));
    assert.equal(out.event.workspace.name, 'app');
  });
});
