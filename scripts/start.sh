#!/usr/bin/env bash
# `npm start`: everything a newcomer needs, then MetaHuman in a real VS Code at a loopback URL.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/tsx ] || npm ci --no-audit --no-fund
bash test/harness/install-vscode.sh
exec node node_modules/tsx/dist/cli.mjs scripts/start.ts "$@"
