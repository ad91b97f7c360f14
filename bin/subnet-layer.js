#!/usr/bin/env node
// Launcher for the `subnet-layer` command line (oracle/cli.ts). Installed from the package it runs the
// compiled dist/oracle/cli.js; in a checkout it runs the TypeScript sources through ts-node in
// transpile-only mode (types are checked by `npm run typecheck`, not at start-up).
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const fromSources = fs.existsSync(path.join(root, 'oracle', 'cli.ts'));
if (fromSources) {
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
}

Promise.resolve()
  .then(() => require(fromSources ? '../oracle/cli' : '../dist/oracle/cli').main(process.argv))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
