// The Nest 11 app the runtime benchmarks measure: a copy of the cached project with ws-scaffold's
// generators run on it, a reference of the bench's own written beside, installed and built once.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { BenchError, cachedNestProject } from './cached-nest-project.mjs';
import { log, run, writePreload } from './processes.mjs';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'ws-scaffold.js');

/**
 * `generators`: ws-scaffold command lines (run with --skip-install); `files`: the reference's
 * sources, project-relative; `entries`: what `nest build` must have written. The cache stays as
 * `nest new` made it.
 */
export function prepareApp(work, { generators, files, entries }) {
  const source = cachedNestProject(log);
  const app = join(work, 'app');
  log(`Copying ${source} to ${app}`);
  run('cp', ['-a', source, app], work);
  for (const args of generators) run(process.execPath, [cli, ...args, '--yes', '--skip-install', '--cwd', app], app);
  run('npm', ['install', '--no-audit', '--no-fund'], app); // one install for what the generators added
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), text);
  }
  writePreload(work);
  run('npm', ['run', 'build'], app); // the app's own `nest build`
  for (const entry of entries) {
    if (!existsSync(join(app, entry))) throw new BenchError(`nest build wrote no ${entry}`);
  }
  return app;
}

/** A socket.io client on the app's /chat namespace, authenticated with `token`. */
export function connectChat(url, token, timeoutMs = 30_000) {
  const socket = io(`${url}/chat`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchError(`no connection to ${url}/chat within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once('connect', () => (clearTimeout(timer), resolve(socket)));
    socket.once('connect_error', (err) => (clearTimeout(timer), reject(new BenchError(`connect_error on ${url}/chat: ${err.message} ${JSON.stringify(err.data ?? '')}`))));
  });
}
