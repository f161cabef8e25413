#!/usr/bin/env bash
# Installs a real VS Code for tests: code-server from the npm registry (run on Node 24 from the npm
# `node@24` package) and Debian's Chromium for Playwright. Idempotent; nothing is fetched from
# anywhere but the npm registry and Debian's packages.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CS_VERSION=${CS_VERSION:-4.139.1}
NODE24_VERSION=${NODE24_VERSION:-24.9.0}
BASE=${VSCODE_TEST_DIR:-$ROOT/.vscode-test}
NODE_DIR=$BASE/node24
CS_DIR=$BASE/code-server-$CS_VERSION

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[install-vscode] apt: ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$NODE_DIR/node_modules/node/bin/node" ]; then
  echo "[install-vscode] node@$NODE24_VERSION (npm package) into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --no-save "node@$NODE24_VERSION" >/dev/null)
fi
NODE24_BIN=$NODE_DIR/node_modules/node/bin
# node-gyp needs the folder holding include/node/common.gypi (the platform package inside `node`).
NODE24_HOME=$(dirname "$(dirname "$(dirname "$(find "$NODE_DIR/node_modules" -path '*include/node/common.gypi' | head -n 1)")")")
"$NODE24_BIN/node" --version

if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ]; then
  echo "[install-vscode] code-server@$CS_VERSION into $CS_DIR"
  # @vscode/ripgrep's postinstall downloads rg from GitHub: seed its cache with Debian's rg.
  for v in 1.15.11 1.15.14 1.17.0; do
    cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$v"; mkdir -p "$cache"
    for t in v13.0.0-10 v13.0.0-13 v14.1.1-1 v15.0.0-1; do
      [ -f "$cache/ripgrep-$t-x86_64-unknown-linux-musl.tar.gz" ] || tar czf "$cache/ripgrep-$t-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
    done
  done
  mkdir -p "$CS_DIR"
  # Run from `npm start`, the outer npm's user agent (node/v20) is inherited and code-server's
  # postinstall reads its Node version from there: unset, the inner npm (on Node 24) says its own.
  (cd "$CS_DIR" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && env -u npm_config_user_agent PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_HOME" npm_config_unsafe_perm=true npm_config_yes=true \
       npm install --no-audit --no-fund --no-save "code-server@$CS_VERSION")
fi
PATH="$NODE24_BIN:$PATH" "$CS_DIR/node_modules/.bin/code-server" --version
# The harness reads these to find the editor and its Node.
printf '{"codeServer":"%s","nodeBin":"%s","version":"%s"}\n' "$CS_DIR/node_modules/.bin/code-server" "$NODE24_BIN" "$CS_VERSION" > "$BASE/env.json"
echo "[install-vscode] ready: $BASE/env.json"
