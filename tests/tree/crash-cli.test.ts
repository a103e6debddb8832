import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/commands/check';
import { runGenerator } from '../../src/commands/run';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { JOURNAL_FILE } from '../../src/tree/journal';
import { LOCK_FILE, LOCK_WAIT_MS } from '../../src/tree/project-lock';
import { FIXTURES, makeProject } from '../support/projects';
import { projectState } from './support/faults';

/** The built CLI, as a user runs it; the driver runs the same built code with its file-system seam wrapped. */
const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'ws-scaffold.js');
const DRIVER = join(__dirname, 'support', 'fault-driver.cjs');
const ENV = { ...process.env, CI: 'true' };

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}
const cli = (root: string, args: string[]): Run => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8', env: ENV });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
};
const cliAsync = (root: string, args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
const faulty = (root: string, args: string[], env: Record<string, string>): Run => {
  const r = spawnSync(process.execPath, [DRIVER, 'cli', ...args], { cwd: root, encoding: 'utf8', env: { ...ENV, FAULT_ROOT: root, ...env } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
};
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

const ADD_NEWS = ['add-gateway', 'news', '--skip-install', '--yes'];

/** A project with one gateway (chat); the runs under test add a second one (news). */
async function withChat(): Promise<string> {
  const root = makeProject(FIXTURES['cjs-jest']);
  await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true, notify: () => {} });
  return root;
}

let OLD: Record<string, string>;
let NEW: Record<string, string>;
let STEPS: string[];
const step = (predicate: (s: string) => boolean, nth = 0): number => STEPS.map((s, i) => (predicate(s) ? i + 1 : 0)).filter(Boolean)[nth];

beforeAll(async () => {
  // `npm test` builds first; a direct vitest run must not test a stale build silently.
  expect(readFileSync(join(REPO, 'dist', 'tree', 'project-lock.js'), 'utf8')).toContain(LOCK_FILE);
  const root = await withChat();
  OLD = projectState(root);
  const log = join(mkdtempSync(join(tmpdir(), 'ws-scaffold-log-')), 'steps');
  expect(faulty(root, ADD_NEWS, { FAULT_LOG: log }).code).toBe(0);
  NEW = projectState(root);
  STEPS = readFileSync(log, 'utf8').trim().split('\n');
  rmSync(join(log, '..'), { recursive: true, force: true });
});

describe('the built CLI, killed or signalled mid-run', () => {
  it('after a real SIGKILL at any phase, the next run of any command recovers first, in one line', async () => {
    const cases: { at: number; next: string[]; expected: 'old' | 'new'; line?: RegExp }[] = [
      // lock taken, journal not begun: the next run takes the stale lock over
      { at: step((s) => s === `createFile ${JOURNAL_FILE}`), next: ADD_NEWS, expected: 'new' },
      { at: step((s) => s.startsWith('mkdir ')), next: ['check'], expected: 'old', line: /^Recovered: rolled back/ },
      { at: step((s) => s.startsWith('createFile ') && s.endsWith('.tmp'), 3), next: ['sync'], expected: 'old', line: /^Recovered: rolled back/ },
      { at: step((s) => s.startsWith('rename '), 2), next: ADD_NEWS, expected: 'new', line: /^Recovered: rolled back/ },
      { at: step((s) => s.startsWith('unlink ') && s.endsWith('.backup')), next: ['add-event', 'typing', '--gateway', 'chat', '--dry-run'], expected: 'new', line: /^Recovered: .*had completed its commit/ },
      { at: step((s) => s.startsWith('rename '), 1), next: ['check', '--json'], expected: 'old', line: /^Recovered: rolled back/ },
    ];
    for (const { at, next, expected, line } of cases) {
      const where = `SIGKILL at step ${at} (${STEPS[at - 1]}), then ${next.join(' ')}`;
      const root = await withChat();
      expect(faulty(root, ADD_NEWS, { FAULT_AT: String(at), FAULT_ACTION: 'SIGKILL' }).signal, where).toBe('SIGKILL');
      expect(existsSync(join(root, LOCK_FILE)), where).toBe(true);
      const run = cli(root, next);
      expect(run.code, `${where}: ${run.stderr}`).toBe(0);
      if (line) expect(run.stderr.split('\n'), where).toEqual([expect.stringMatching(line), '']);
      else expect(run.stderr, where).toBe('');
      if (next.includes('--json')) expect(JSON.parse(run.stdout).clean, where).toBe(true);
      expect(projectState(root), where).toEqual(expected === 'old' ? OLD : NEW);
    }
  }, 120_000);

  it('SIGTERM during the commit: the commit completes, then the run ends by it (a shell sees 143)', async () => {
    const root = await withChat();
    const at = step((s) => s.startsWith('rename '), 1);
    const shell = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${DRIVER}" cli ${ADD_NEWS.join(' ')}; echo "exit=$?"`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...ENV, FAULT_ROOT: root, FAULT_AT: String(at), FAULT_ACTION: 'SIGTERM' },
    });
    expect(shell.stdout.trim()).toBe('exit=143'); // the report and next steps never printed: the run stopped
    expect(shell.stderr.split('\n')[0]).toBe('ws-scaffold: stopped by SIGTERM, which arrived while files were being written: all the files were written first.');
    expect(projectState(root)).toEqual(NEW);
  });

  it('SIGTERM while it plans: it ends at once, and leaves no lock behind', async () => {
    const root = await withChat();
    const child = spawn(process.execPath, [BIN, ...ADD_NEWS], { cwd: root, env: ENV });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_, signal) => resolve(signal)));
    while (!existsSync(join(root, LOCK_FILE))) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 30));
    child.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    const state = projectState(root);
    expect([OLD, NEW]).toContainEqual(state);
  });
});

describe('the built CLI refuses with one line and changes nothing', () => {
  const oneLine = (run: Run, message: string | RegExp) => {
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([typeof message === 'string' ? `Error: ${message}` : expect.stringMatching(message), '']);
  };

  it('a read-only file (mode 444), though CI runs as root', async () => {
    const root = await withChat();
    chmodSync(join(root, 'src/app.module.ts'), 0o444);
    const before = projectState(root);
    oneLine(cli(root, ADD_NEWS), 'src/app.module.ts is read-only (mode 444): ws-scaffold does not replace it; nothing was changed (make it writable to let ws-scaffold edit it)');
    expect(projectState(root)).toEqual(before);
  });

  it('a file where a folder must go (ENOTDIR), a folder where a file must go (EISDIR)', async () => {
    const file = await withChat();
    writeFileSync(join(file, 'src/news'), 'a file\n');
    const before = projectState(file);
    oneLine(cli(file, ADD_NEWS), 'cannot write src/news/news.events.ts: src/news is a file, not a folder; nothing was changed');
    expect(projectState(file)).toEqual(before);
    const folder = await withChat();
    mkdirSync(join(folder, 'src/news/news.gateway.ts'), { recursive: true });
    const beforeFolder = projectState(folder);
    oneLine(cli(folder, ADD_NEWS), 'cannot write src/news/news.gateway.ts: it is a folder; nothing was changed');
    expect(projectState(folder)).toEqual(beforeFolder);
  });

  it('EACCES, ENOSPC, EROFS, ENOTDIR, EISDIR at a step of the commit: rolled back, the file and the cause named', async () => {
    const at = step((s) => s.startsWith('createFile ') && s.endsWith('.tmp'), 2);
    for (const code of ['EACCES', 'ENOSPC', 'EROFS', 'ENOTDIR', 'EISDIR']) {
      const root = await withChat();
      const run = faulty(root, ADD_NEWS, { FAULT_AT: String(at), FAULT_ACTION: code });
      oneLine(run, new RegExp(`^Error: cannot write \\S+: .* \\(${code}\\); nothing was changed$`));
      expect(projectState(root), code).toEqual(OLD);
    }
  }, 60_000);

  it(`waits ${LOCK_WAIT_MS / 1000} s for a run holding the lock, then refuses naming it; a lock whose process is gone is taken over`, async () => {
    const root = await withChat();
    // This test process holds it: alive, on this machine, not the CLI's own process.
    const holder = { pid: process.pid, host: hostname(), since: Date.now(), processStart: 0 };
    writeFileSync(join(root, LOCK_FILE), JSON.stringify(holder));
    const before = projectState(root);
    const started = Date.now();
    const [add, check] = await Promise.all([cliAsync(root, ADD_NEWS), cliAsync(root, ['check'])]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LOCK_WAIT_MS);
    for (const run of [add, check]) {
      oneLine(run, new RegExp(`^Error: Another ws-scaffold run \\(pid ${process.pid}, started \\d+ s ago\\) is working on this project; waited 5 s for it and changed nothing\\. Run again when it has finished \\(if no ws-scaffold is running, delete \\.ws-scaffold\\.lock\\)\\.$`));
    }
    expect(projectState(root)).toEqual(before);

    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(root, LOCK_FILE), JSON.stringify({ ...holder, pid: Number(gone.stdout) }));
    expect(cli(root, ADD_NEWS).code).toBe(0);
    expect(projectState(root)).toEqual(NEW);
  }, 60_000);

  it('ENOSPC on a full disk and EROFS on a read-only one (a small tmpfs; through the seam where mounting is not permitted)', async () => {
    const mount = mkdtempSync(join(tmpdir(), 'ws-scaffold-tmpfs-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount]).status === 0;
    console.info(mounted ? 'ENOSPC / EROFS: on a real tmpfs' : 'ENOSPC / EROFS: mounting is not permitted here, so through the seam');
    try {
      const root = join(mount, 'project');
      spawnSync('cp', ['-a', await withChat(), root]);
      let full: Run;
      if (mounted) {
        // Quite full: not even the lock file's one page fits (the file is created, its text is not).
        const filler = join(mount, 'filler');
        spawnSync('sh', ['-c', `cat /dev/zero > "${filler}" 2>/dev/null`]);
        oneLine(cli(root, ADD_NEWS), `cannot create ${LOCK_FILE}: no space left on the device (ENOSPC); nothing was changed`);
        expect(projectState(root)).toEqual(OLD);
        // A few pages free: the lock and the journal fit, the new files do not.
        spawnSync('truncate', ['-s', '-24k', filler]);
        full = cli(root, ADD_NEWS);
      } else {
        full = faulty(root, ADD_NEWS, { FAULT_AT: String(step((s) => s.startsWith('createFile ') && s.endsWith('.tmp'), 3)), FAULT_ACTION: 'ENOSPC' });
      }
      oneLine(full, /^Error: cannot write \S+: no space left on the device \(ENOSPC\); nothing was changed$/);
      expect(projectState(root)).toEqual(OLD);

      const readOnly = mounted
        ? (spawnSync('mount', ['-o', 'remount,ro', mount]), cli(root, ADD_NEWS))
        : faulty(root, ADD_NEWS, { FAULT_AT: '1', FAULT_ACTION: 'EROFS' });
      oneLine(readOnly, `cannot create ${LOCK_FILE}: read-only file system (EROFS); nothing was changed`);
      if (mounted) expect(cli(root, ['check']).code).toBe(0); // a project nobody can write to can still be checked
      expect(projectState(root)).toEqual(OLD);
    } finally {
      if (mounted) spawnSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the built CLI under concurrency', () => {
  it('20 rounds of 4 add-gateway runs at once: each exits 0 or 1 (the lock), and no exit 0 loses its registration', async () => {
    const names = ['alpha', 'bravo', 'charlie', 'delta'];
    let refused = 0;
    let root = '';
    for (let round = 1; round <= 20; round++) {
      root = makeProject(FIXTURES['cjs-jest']);
      const runs = await Promise.all(names.map((name) => cliAsync(root, ['add-gateway', name, '--skip-install', '--yes'])));
      const module = read(root, 'src/app.module.ts');
      const providers = /providers: \[([^\]]*)\]/.exec(module)?.[1] ?? '';
      const manifest = existsSync(join(root, 'ws-scaffold.json')) ? JSON.parse(read(root, 'ws-scaffold.json')) : { artefacts: [] };
      const namespaces = existsSync(join(root, 'src/websockets/namespaces.ts')) ? read(root, 'src/websockets/namespaces.ts') : '';
      runs.forEach((run, i) => {
        const where = `round ${round}, ${names[i]}: ${run.stderr}`;
        const gateway = `${names[i][0].toUpperCase()}${names[i].slice(1)}Gateway`;
        expect([0, 1], where).toContain(run.code);
        const registered = [providers.includes(gateway), manifest.artefacts.some((a: { name: string }) => a.name === names[i]), namespaces.includes(`gateway: '${gateway}'`)];
        if (run.code === 0) {
          expect(registered, where).toEqual([true, true, true]);
        } else {
          refused++;
          expect(run.stderr, where).toMatch(/^Error: Another ws-scaffold run \(pid \d+, started \d+ s ago\) is working on this project/);
          expect(registered, where).toEqual([false, false, false]);
        }
      });
      expect(existsSync(join(root, LOCK_FILE)) || existsSync(join(root, JOURNAL_FILE)), `round ${round}`).toBe(false);
      expect((await checkProject(root, { notify: () => {} })).items, `round ${round}`).toEqual([]);
    }
    console.info(`concurrency: ${80 - refused} of 80 runs applied, ${refused} refused by the lock`);
    const check = cli(root, ['check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^In sync/);
  }, 180_000);
});
