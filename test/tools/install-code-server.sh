#!/usr/bin/env bash
# Installs code-server (a real VS Code 1.100.3 running in a browser) into a cache
# folder outside the repo. Offline-safe: the only network used is the npm registry;
# ripgrep comes from Debian (/usr/bin/rg) instead of a GitHub download.
# A completion marker makes a half-finished install be redone from scratch.
set -euo pipefail
VERSION=4.100.3
ROOT="${ATTENTION_LENS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/attention-lens}"
DIR="$ROOT/code-server-$VERSION"
MARKER="$DIR/.install-complete"

if [[ -f "$MARKER" && -x "$DIR/node_modules/.bin/code-server" ]]; then
  echo "code-server $VERSION already installed in $DIR"
  exit 0
fi
# Debian packages code-server's install needs (ripgrep, Kerberos headers, a C++ toolchain).
if ! command -v rg >/dev/null || ! command -v g++ >/dev/null || [[ ! -e /usr/include/krb5.h && ! -e /usr/include/krb5/krb5.h ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq ripgrep libkrb5-dev build-essential python3 >/dev/null
  else
    echo "Missing system packages: sudo apt-get install -y ripgrep libkrb5-dev build-essential python3" >&2
    exit 1
  fi
fi

rm -rf "$DIR"
mkdir -p "$DIR"

# @vscode/ripgrep's postinstall looks for this tarball before trying GitHub.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
RG_TAR="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$RG_TAR" ]]; then
  tmp=$(mktemp -d)
  cp "$(command -v rg)" "$tmp/rg"
  tar czf "$RG_TAR.part" -C "$tmp" rg && mv "$RG_TAR.part" "$RG_TAR"
  rm -rf "$tmp"
fi

cd "$DIR"
echo '{"name":"code-server-cache","private":true}' > package.json
npm_config_unsafe_perm=true npm_config_nodedir=/usr npm_config_yes=true \
  ONNXRUNTIME_NODE_INSTALL=skip \
  npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$VERSION"
"$DIR/node_modules/.bin/code-server" --version
touch "$MARKER"
echo "code-server $VERSION installed in $DIR"
