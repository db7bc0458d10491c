#!/usr/bin/env bash
# Makes sure a real VS Code can run on this machine, for `npm start` and the host/e2e tests
# (see ../shared/VSCODE-HOST.md): Node 24 and code-server from the npm registry, cached in
# the ignored folder .vscode-host/ of the project, and Debian's chromium.
# Idempotent: every step is skipped when its result is already there (a warm run takes < 1 s).
# Progress goes to stderr; stdout gets shell exports (eval "$(bash scripts/ensure-vscode-host.sh)").
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
HOST_DIR="${VSCODE_HOST_DIR:-$ROOT/.vscode-host}"
NODE24_DIR="$HOST_DIR/node24"
CODE_SERVER_DIR="$HOST_DIR/code-server-$CODE_SERVER_VERSION"
NODE24_BIN_DIR="$NODE24_DIR/node_modules/.bin"
CODE_SERVER_BIN="$CODE_SERVER_DIR/node_modules/.bin/code-server"
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

log() { echo "[ensure-vscode-host] $*" >&2; }

# `npm start` and `npm test` run this script from an npm lifecycle, which exports NODE, npm_node_execpath
# and npm_config_* for the system Node (20). The nested `npm install`s below would inherit them, and
# code-server's postinstall would then check and build against Node 20 and refuse ("requires node v24").
# Clear them so the installs see only the Node 24 put first on PATH.
for var in $(compgen -e); do
  case "$var" in npm_*|NODE|INIT_CWD|NODE_GYP_FORCE_PYTHON) unset "$var" ;; esac
done

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root to run: $*"; return 1
  fi
}

# One install at a time: several checkouts may share a host folder (VSCODE_HOST_DIR), and two
# `npm install`s into one folder corrupt it.
mkdir -p "$HOST_DIR"
exec 9>"$HOST_DIR/.install.lock"
flock 9

# --- Debian packages: chromium (the browser the tests drive), libkrb5-dev (code-server's kerberos
#     build), a CJK font (so screenshots of the Chinese UI show glyphs, not boxes) ---
missing=()
[ -x "$CHROMIUM_PATH" ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # apt-get update only when the package lists do not know the packages yet
  if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
    as_root apt-get update -qq >&2
  fi
  mkdir -p "$HOST_DIR"
  if ! as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$HOST_DIR/apt.log" 2>&1; then
    cat "$HOST_DIR/apt.log" >&2; log "apt-get install failed"; exit 1
  fi
fi

# --- Node 24 (code-server 4.139 needs it; the rest of the project runs on the system node) ---
if [ "$("$NODE24_BIN_DIR/node" -v 2>/dev/null | cut -d. -f1)" != "v24" ]; then
  log "npm install node@24 into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  [ -f "$NODE24_DIR/package.json" ] || echo '{"private":true}' > "$NODE24_DIR/package.json"
  (cd "$NODE24_DIR" && npm install --no-audit --no-fund --loglevel=error node@24 >&2)
fi

# --- code-server (its postinstall builds native modules with node-gyp against Node 24) ---
if ! PATH="$NODE24_BIN_DIR:$PATH" "$CODE_SERVER_BIN" --version 2>/dev/null | head -1 | grep -q "^$CODE_SERVER_VERSION "; then
  log "npm install code-server@$CODE_SERVER_VERSION into $CODE_SERVER_DIR (about 2 minutes the first time)"
  mkdir -p "$CODE_SERVER_DIR"
  [ -f "$CODE_SERVER_DIR/package.json" ] || echo '{"private":true}' > "$CODE_SERVER_DIR/package.json"
  # node-gyp must build against Node 24's headers, which the node@24 package ships
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  NODEDIR="$NODE24_DIR/node_modules/node/node_modules/node-linux-$arch"
  [ -d "$NODEDIR/include/node" ] || { log "Node 24 headers not found in $NODEDIR"; exit 1; }
  (cd "$CODE_SERVER_DIR" && PATH="$NODE24_BIN_DIR:$PATH" npm_config_nodedir="$NODEDIR" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
  PATH="$NODE24_BIN_DIR:$PATH" "$CODE_SERVER_BIN" --version >/dev/null 2>&1 || { log "code-server does not run after install"; exit 1; }
fi

log "ready: code-server $CODE_SERVER_VERSION, node $("$NODE24_BIN_DIR/node" -v), $CHROMIUM_PATH"
echo "export NODE24_BIN_DIR='$NODE24_BIN_DIR' CODE_SERVER_BIN='$CODE_SERVER_BIN' CHROMIUM_PATH='$CHROMIUM_PATH'"
