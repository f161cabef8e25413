#!/usr/bin/env node
import { runCli } from './main';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mh: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
