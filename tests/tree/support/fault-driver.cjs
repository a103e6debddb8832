'use strict';
/*
 * Runs the built code in a process of its own, with its file-system seam wrapped so that at step
 * FAULT_AT (1-based, counting the calls that change the disk) it
 *   - SIGKILL: kills itself with a real SIGKILL before the step (nothing after it happens),
 *   - SIGTERM, SIGINT, SIGHUP: sends itself that signal, then carries on with the step,
 *   - E...: fails the step with that errno code.
 * FAULT_AT and FAULT_ACTION may be lists (`1,20` and `SIGTERM,ENOSPC`). Without FAULT_AT it only
 * counts; FAULT_LOG names a file that receives the steps, one a line.
 *
 *   node fault-driver.cjs commit <spec.json>   commitChanges(spec.root, spec.changes)
 *   node fault-driver.cjs recover <root>       recoverInterruptedCommit(root), as every command starts
 *   node fault-driver.cjs cli <args...>        the CLI's main(), as bin/ws-scaffold.js runs it
 */
const { appendFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const dist = join(__dirname, '..', '..', '..', 'dist');
const seam = require(join(dist, 'tree', 'project-fs.js'));
const STEPS = ['createFile', 'appendFile', 'fsync', 'chmod', 'mkdir', 'rename', 'link', 'copyFile', 'unlink', 'rmdir'];
const faults = new Map((process.env.FAULT_AT || '').split(',').filter(Boolean).map((at, i) => [Number(at), (process.env.FAULT_ACTION || '').split(',')[i]]));
const root = process.env.FAULT_ROOT || process.cwd();

let count = 0;
const wrapped = { ...seam.nodeFs };
for (const step of STEPS) {
  wrapped[step] = (...args) => {
    count++;
    if (process.env.FAULT_LOG) appendFileSync(process.env.FAULT_LOG, `${step} ${relative(root, String(args[0])) || '.'}\n`);
    const action = faults.get(count);
    if (action) {
      if (action === 'SIGKILL') process.kill(process.pid, 'SIGKILL');
      else if (action.startsWith('SIG')) process.kill(process.pid, action);
      else throw Object.assign(new Error(`${action}: injected, ${step} '${args[0]}'`), { code: action, syscall: step });
    }
    return seam.nodeFs[step](...args);
  };
}
seam.setProjectFs(wrapped);

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'commit') {
  const spec = JSON.parse(require('node:fs').readFileSync(rest[0], 'utf8'));
  require(join(dist, 'tree', 'commit.js'))
    .commitChanges(spec.root, spec.changes)
    .then(
      () => process.stdout.write('committed\n'),
      (error) => {
        process.stdout.write(`failed: ${error.message}\n`);
        process.exitCode = 1;
      },
    );
} else if (mode === 'recover') {
  const line = require(join(dist, 'tree', 'journal.js')).recoverInterruptedCommit(rest[0]);
  process.stdout.write(`${line ?? 'nothing to recover'}\n`);
} else if (mode === 'cli') {
  require(join(dist, 'cli', 'main.js'))
    .main(['node', 'ws-scaffold', ...rest])
    .then((code) => {
      process.exitCode = code;
    });
} else {
  throw new Error(`unknown mode ${mode}`);
}
