#!/usr/bin/env node
// Launcher for the oracle CLI: runs oracle/cli.ts through ts-node in transpile-only mode
// (types are checked by `npm run typecheck`, not at start-up).
'use strict';

const path = require('path');

require('ts-node').register({
  transpileOnly: true,
  project: path.join(__dirname, '..', 'tsconfig.json'),
});

Promise.resolve()
  .then(() => require('../oracle/cli').main(process.argv))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
