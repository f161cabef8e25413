// Runs inside the real extension host (loaded through `extensionTestsPath`), like @vscode/test-electron's
// runner: mocha over every bundled *.test.js beside this file. Results go to $MH_RESULTS.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

interface FailureReport {
  title: string;
  error: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec' });
  const grep = process.env.MH_HOST_TEST_GREP;
  if (grep) mocha.grep(grep);
  // The untrusted run (workspace trust on, folder not trusted) has its own files.
  const untrusted = process.env.MH_HOST_TEST_MODE === 'untrusted';
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js') && file.endsWith('.untrusted.test.js') === untrusted) mocha.addFile(join(__dirname, file));
  }
  const failures: FailureReport[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failed) => {
      const out = process.env.MH_RESULTS;
      if (out) writeFileSync(out, JSON.stringify({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? failed, failures }));
      if (failed > 0) reject(new Error(`${failed} host tests failed.`));
      else resolve();
    });
    runner.on('fail', (test, error: Error) => failures.push({ title: test.fullTitle(), error: error.stack ?? error.message }));
  });
}
