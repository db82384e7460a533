'use strict';
/**
 * The folder holding the C headers of the running Node (include/node/node_version.h of the same
 * release), or nothing. node-gyp compiles native modules (better-sqlite3, whose prebuilt binaries
 * are out of reach here) against the headers its `nodedir` setting names, else downloads them
 * from nodejs.org. A Node installed from a release archive, or by scripts/install-prereqs.sh,
 * carries its headers beside bin/, so pointing nodedir there compiles offline, and for the Node
 * that will load the module even where npm's configuration names another Node's headers.
 * Plain CommonJS: it runs on any Node, before npm ci. Prints the folder when run directly.
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');

function headersVersion(dir) {
  try {
    const header = readFileSync(path.join(dir, 'include', 'node', 'node_version.h'), 'utf8');
    return ['MAJOR', 'MINOR', 'PATCH']
      .map((part) => new RegExp(`#define NODE_${part}_VERSION (\\d+)`).exec(header)[1])
      .join('.');
  } catch {
    return undefined;
  }
}

/** process.execPath has its links resolved, so this is the release's own folder. */
function nodeHeadersDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return headersVersion(prefix) === process.versions.node ? prefix : undefined;
}

module.exports = { headersVersion, nodeHeadersDir };

// `node scripts/node-headers.js`: this Node's headers folder; `... version DIR`: the release DIR's headers are for.
if (require.main === module) {
  const found = process.argv[2] === 'version' ? headersVersion(process.argv[3]) : nodeHeadersDir();
  if (found) console.log(found);
}
