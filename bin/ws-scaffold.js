#!/usr/bin/env node
'use strict';
// Node >= 22.1 can cache compiled code between runs; TypeScript's parser is most of our start-up.
require('node:module').enableCompileCache?.();
require('../dist/cli/main.js')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
