'use strict';
/**
 * Run before the tests and the processes (package.json pre-scripts): stops with a message saying
 * what to do when the node on PATH is older than package.json's engines, or when node_modules was
 * compiled for another Node, instead of the native module's ABI error deep in a stack trace.
 * Plain CommonJS, so it runs on the old Node it has to reject.
 */
const path = require('node:path');
const { engines } = require('../package.json');

const fail = (message) => {
  console.error(`Grid Power Stream: ${message}`);
  process.exit(1);
};

const minimum = Number(/^>=(\d+)$/.exec(engines.node)?.[1]);
if (!minimum) fail(`check-node.js understands engines.node ">=N" only, not "${engines.node}"`);
const major = Number(process.versions.node.split('.')[0]);
if (major < minimum) {
  fail(
    `Node ${engines.node} is needed (package.json engines, .nvmrc), but 'node' is ${process.version} ` +
      `at ${process.execPath}. 'npm run setup' installs Node ${minimum} where missing; or put a Node ` +
      `${minimum} first on PATH (nvm use).`,
  );
}

try {
  const Database = require('better-sqlite3'); // its binding loads with the first database
  new Database(':memory:').close();
} catch (error) {
  const root = path.resolve(__dirname, '..');
  fail(
    `node_modules does not load on Node ${process.version} (${error.message.replace(/\s+/g, ' ')}). ` +
      `It was installed for another Node: run 'npm run setup' (or 'npm rebuild better-sqlite3' ` +
      `with nodedir set to this Node's headers, see README) in ${root}.`,
  );
}
