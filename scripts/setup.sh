#!/usr/bin/env bash
# `npm run setup` (and CI): the prerequisites, then the npm packages of the lockfile compiled for
# the Node that will run them, then the console.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*"; }

bash scripts/install-prereqs.sh
hash -r # the prerequisites may have linked a newer node ahead on PATH

# The npm that started this script exported its own nodedir (npm_config_nodedir, from ~/.npmrc
# on these machines: /usr, the system Node 20's headers). Native modules must compile against the
# headers of the Node now on PATH: its own, beside its binary (scripts/node-headers.js).
configured="${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null || true)}"
headers=$(node scripts/node-headers.js)
if [ -n "$headers" ]; then
  export npm_config_nodedir="$headers"
  say "native modules compile against Node $(node -v)'s headers in $headers"
  if [ -n "$configured" ] && [ "$configured" != "undefined" ] && [ "$configured" != "$headers" ] \
    && [ "v$(node scripts/node-headers.js version "$configured")" != "$(node -v)" ]; then
    say "WARNING: npm's configuration says nodedir=$configured, headers of another Node: a later" \
      "'npm install' or 'npm rebuild' would compile better-sqlite3 for that Node. Fix it once: in" \
      "~/.npmrc (or the npmrc that sets it), nodedir=$headers (npm 11 refuses 'npm config set nodedir')"
  fi
else
  say "no headers beside $(command -v node): node-gyp uses npm's nodedir (${configured:-unset}) or downloads them"
fi

npm ci
node scripts/check-node.js
npm run build:ui
