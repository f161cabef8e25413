import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { eventually, activateMetaHuman } from './hostApi';
import { capturedRecords, flushCapture, profileText } from './captureRecords';

const folder = () => {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the host tests need the sample workspace open');
  return f.uri.fsPath;
};

async function editAndSave(relative: string, text: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(folder(), relative)));
  const editor = await vscode.window.showTextDocument(doc);
  await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount, 0), text));
  // save() can resolve before the save event reaches extensions; capture listens to the event.
  const saved = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.toString() !== doc.uri.toString()) return;
      sub.dispose();
      resolve();
    });
  });
  await doc.save();
  await saved;
}

suite('Capture', () => {
  suiteSetup(async () => {
    await activateMetaHuman();
  });

  test('editing and saving a file becomes an "Edited … saved" memory with line counts, never the content', async () => {
    await editAndSave('src/parser.ts', '\nexport const captureCheckpoint = 41;\nexport const captureCheckpointTwo = 42;\n');
    await flushCapture();
    const records = await capturedRecords();
    const edit = records.find((r) => r.meta.capture === 'file/edited' && r.meta.file === 'src/parser.ts');
    assert.ok(edit, `an edit record among ${records.map((r) => r.text).join(' | ')}`);
    assert.match(edit.text, /Edited src\/parser\.ts \(\+\d+\/-\d+ lines.*saved\)/);
    assert.equal(edit.project, vscode.workspace.name);
    assert.ok(!profileText().includes('captureCheckpointTwo'), 'file content never stored');
  });

  test('a file matched by .gitignore or the secret-file globs produces no record', async () => {
    writeFileSync(join(folder(), '.env'), 'API_TOKEN=abc\n');
    writeFileSync(join(folder(), 'server.pem'), '-----BEGIN-----\n');
    await editAndSave('.env', 'SECOND_TOKEN=def\n');
    await editAndSave('server.pem', 'more\n');
    await flushCapture();
    const files = (await capturedRecords()).map((r) => r.meta.file);
    assert.ok(!files.includes('.env'), '.env (gitignored and excluded) not captured');
    assert.ok(!files.includes('server.pem'), '*.pem not captured');
  });

  test('a git commit is captured with its files, and a secret in its message is stored redacted', async () => {
    const cwd = folder();
    const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'twin@example.com');
    git('config', 'user.name', 'Twin Test');
    git('add', '-A');
    git('commit', '-q', '-m', 'Initial sample');
    // Let the git extension see the repository before the commit we check.
    await vscode.commands.executeCommand('git.openRepository', cwd).then(undefined, () => undefined);
    await new Promise((r) => setTimeout(r, 3000));
    writeFileSync(join(cwd, 'src', 'lexer.ts'), 'export const lexer = 1;\n');
    const secret = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
    git('add', '-A');
    git('commit', '-q', '-m', `Add the lexer\n\nDeploy with token ${secret}`);
    const commit = await eventually(
      async () => {
        await flushCapture();
        return (await capturedRecords()).find((r) => r.meta.capture === 'git/commit' && r.meta.subject === 'Add the lexer');
      },
      (r) => r !== undefined,
      'the commit to be captured',
      30_000,
    );
    assert.ok(commit);
    assert.deepEqual((commit.meta.files as { path: string }[]).map((f) => f.path), ['src/lexer.ts']);
    assert.ok(!commit.text.includes(secret) && commit.text.includes('[REDACTED'), `redacted: ${commit.text}`);
    assert.ok(!profileText().includes(secret), 'the secret is nowhere in the profile');
  });

  test('"Import This Repository\'s History" turns the git log into commit memories and sessions', async () => {
    const report = await vscode.commands.executeCommand<{ events: number; sessions: number }>('metahuman.importRepositoryHistory', folder());
    assert.equal(report.events, 2, 'both commits of the test repository');
    assert.ok(report.sessions >= 1);
    const imported = (await capturedRecords()).filter((r) => r.source.startsWith('replay:'));
    assert.ok(imported.some((r) => r.meta.subject === 'Initial sample'), 'the first commit is remembered');
    assert.ok(!imported.some((r) => r.text.includes('ghp_')), 'the secret is redacted in imported history too');
  });

  test('a terminal command and its exit code are captured through shell integration', async () => {
    const terminal = vscode.window.createTerminal({ name: 'mh-capture', cwd: folder(), shellPath: '/bin/bash' });
    try {
      const integration = await new Promise<vscode.TerminalShellIntegration | undefined>((resolve) => {
        if (terminal.shellIntegration) return resolve(terminal.shellIntegration);
        const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
          if (e.terminal !== terminal) return;
          sub.dispose();
          resolve(e.shellIntegration);
        });
        setTimeout(() => resolve(undefined), 15_000);
      });
      // Shell integration is what reports commands; bash has it in every VS Code this supports.
      assert.ok(integration, 'bash shell integration did not start within 15 s');
      const ended = new Promise<void>((resolve) => {
        const sub = vscode.window.onDidEndTerminalShellExecution(() => {
          sub.dispose();
          resolve();
        });
      });
      integration.executeCommand('echo mh-terminal-check');
      await ended;
      const record = await eventually(
        async () => {
          await flushCapture();
          return (await capturedRecords()).find((r) => r.meta.capture === 'terminal/command' && r.text.includes('mh-terminal-check'));
        },
        (r) => r !== undefined,
        'the terminal command to be captured',
      );
      assert.equal(record?.meta.exitCode, 0);
    } finally {
      terminal.dispose();
    }
  });

  test('pausing capture from the status bar command records nothing until resumed', async () => {
    await vscode.commands.executeCommand('metahuman.toggleCapture');
    const before = (await capturedRecords()).length;
    await editAndSave('README.md', '\nWritten while paused.\n');
    await flushCapture();
    assert.equal((await capturedRecords()).length, before);
    await vscode.commands.executeCommand('metahuman.toggleCapture');
  });

  test('"Forget the last hour" forgets what capture recorded in it', async () => {
    assert.ok((await capturedRecords()).length > 0);
    const forgotten = await vscode.commands.executeCommand<number>('metahuman.forgetLastHour');
    assert.ok(forgotten > 0);
    assert.deepEqual(await capturedRecords(), []);
  });
});
