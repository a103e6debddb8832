#!/usr/bin/env node
'use strict';
// Compiled code cached between runs: loading ts-morph's TypeScript is most of our start-up.
require('../dist/startup/compile-cache.js').enableCompileCache();
require('../dist/cli/main.js')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
