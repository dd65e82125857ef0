#!/usr/bin/env bash
# Installs what the e2e tests need: Debian packages (chromium, ripgrep, headers code-server's
# native modules compile against) and code-server 4.100.3 into .vscode-test/code-server.
# Idempotent: every step is skipped when its result is already present. See ../shared/TESTING.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
CS_VERSION=4.100.3
CS_DIR=.vscode-test/code-server
CS_BIN="$CS_DIR/node_modules/.bin/code-server"

SUDO=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

need_pkgs=()
for p in libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config ripgrep chromium; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ -x "$CS_BIN" ] && [ -x /usr/bin/chromium ]; then
    echo "e2e install: code-server and chromium present; skipping optional packages: ${need_pkgs[*]}"
  else
    echo "e2e install: apt-get install ${need_pkgs[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}"
  fi
fi

CS_PKG="$CS_DIR/node_modules/code-server"
if [ -x "$CS_BIN" ] && [ -d "$CS_PKG/lib/vscode/node_modules" ]; then
  echo "e2e install: code-server present at $CS_BIN"
  exit 0
fi

# code-server's @vscode/ripgrep postinstall downloads from GitHub; its downloader looks in a
# cache folder first, so put Debian's rg there packed as the asset it expects.
cache="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache"
asset="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
[ -f "$asset" ] || tar czf "$asset" -C "$(dirname "$(command -v rg)")" rg

mkdir -p "$CS_DIR"
echo "e2e install: npm install code-server@$CS_VERSION (takes minutes)"
npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --prefix "$CS_DIR" "code-server@$CS_VERSION"
# Newer npm versions may skip install scripts that no allowScripts entry covers: run
# code-server's postinstall (it installs VS Code's server modules) if it did not happen.
if [ ! -d "$CS_PKG/lib/vscode/node_modules" ]; then
  echo "e2e install: running code-server's postinstall"
  (cd "$CS_PKG" && npm_config_yes=true sh ./postinstall.sh)
fi
[ -x "$CS_BIN" ] && [ -d "$CS_PKG/lib/vscode/node_modules" ] || { echo "e2e install: code-server did not install" >&2; exit 1; }
echo "e2e install: done"
