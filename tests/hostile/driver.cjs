'use strict';
/*
 * Runs command lines through the built CLI as bin/ws-scaffold.js does (the compile cache, then
 * dist/cli/main.js's main(argv), whose answer is the exit code), one after another in this one
 * process, so that the corpus pays Node's and the CLI's start-up once per driver rather than
 * once per case. Each request ({ id, cwd, args, deleteCwd }, over the IPC channel) runs in its folder with
 * stdout and stderr captured; the answer is { id, code, stdout, stderr }. What would end a real
 * process (an uncaught exception, an unhandled rejection, main() rejecting) is reported as Node
 * reports it: the stack on stderr and exit code 1.
 */
const { rmdirSync } = require('node:fs');
const { join } = require('node:path');

const REPO = join(__dirname, '..', '..');
require(join(REPO, 'dist', 'startup', 'compile-cache.js')).enableCompileCache();
const { main } = require(join(REPO, 'dist', 'cli', 'main.js'));
const BIN = join(REPO, 'bin', 'ws-scaffold.js');

let current;
const capture = (stream, key) => {
  const write = stream.write.bind(stream);
  stream.write = (chunk, encoding, callback) => {
    if (!current) return write(chunk, encoding, callback);
    current[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) process.nextTick(done);
    return true;
  };
};
capture(process.stdout, 'stdout');
capture(process.stderr, 'stderr');

const crashed = (error) => {
  if (!current) throw error;
  current.stderr += `${error && error.stack ? error.stack : String(error)}\n`;
  current.crashed = true;
};
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);

process.on('message', async ({ id, cwd, args, deleteCwd }) => {
  current = { stdout: '', stderr: '', crashed: false };
  let code;
  try {
    process.chdir(cwd);
    // A run from a folder deleted meanwhile, as a shell still standing in it starts one.
    if (deleteCwd) rmdirSync(cwd);
    code = await main([process.execPath, BIN, ...args]);
  } catch (error) {
    crashed(error);
  }
  // Let what the run scheduled last (a stream's callback, a rejection) land in its own output.
  await new Promise((resolve) => setImmediate(resolve));
  const { stdout, stderr } = current;
  code = current.crashed ? 1 : code;
  current = undefined;
  process.exitCode = undefined;
  process.chdir(REPO);
  process.send({ id, code, stdout, stderr });
});
process.send({ ready: true });
