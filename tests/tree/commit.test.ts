import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileSystemError } from '../../src/errors';
import { commitChanges } from '../../src/tree/commit';
import { JOURNAL_FILE, recoverInterruptedCommit, sha256 } from '../../src/tree/journal';
import { nodeFs, setProjectFs } from '../../src/tree/project-fs';
import { diskTree, type FileChange } from '../../src/tree/tree';
import { makeProject } from '../support/projects';
import { countingFs, projectState } from './support/faults';

const DRIVER = join(__dirname, 'support', 'fault-driver.cjs');

/** A realistic commit: files updated at the root and below, files created in new nested folders. */
const OLD_FILES = {
  'package.json': '{\n  "name": "fixture"\n}\n',
  'src/app.module.ts': "@Module({ providers: [] })\nexport class AppModule {}\n",
  'src/main.ts': 'void bootstrap();\n',
  'README.md': 'not touched\n',
};
const CHANGES: FileChange[] = [
  { action: 'update', path: 'package.json', before: OLD_FILES['package.json'], after: '{\n  "name": "fixture",\n  "dependencies": {}\n}\n' },
  { action: 'update', path: 'src/app.module.ts', before: OLD_FILES['src/app.module.ts'], after: "@Module({ providers: [ChatGateway] })\nexport class AppModule {}\n" },
  { action: 'update', path: 'src/main.ts', before: OLD_FILES['src/main.ts'], after: 'app.useWebSocketAdapter();\nvoid bootstrap();\n' },
  { action: 'create', path: 'src/chat/chat.events.ts', after: 'export interface ChatEvents {}\n' },
  { action: 'create', path: 'src/chat/chat.gateway.ts', after: 'export class ChatGateway {}\n' },
  { action: 'create', path: 'src/websockets/kit/ws.config.ts', after: 'export const WS = {};\n' },
  { action: 'create', path: 'src/websockets/namespaces.ts', after: 'export const WS_NAMESPACES = [];\n' },
  { action: 'create', path: 'ws-scaffold.json', after: '{ "artefacts": [] }\n' },
];
const CODES = ['ENOSPC', 'EACCES', 'EROFS', 'ENOTDIR', 'EISDIR'];
/** One child process per step: on 2 busy cores each takes up to a few hundred ms. */
const CHILDREN_TIMEOUT = 180_000;

function oldProject(): string {
  const root = makeProject(OLD_FILES);
  chmodSync(join(root, 'src/main.ts'), 0o755); // a mode the commit must keep, and a rollback restore
  return root;
}

let OLD: Record<string, string>;
let NEW: Record<string, string>;
/** Every step of a clean commit, in order: `rename src/main.ts`, ... */
let STEPS_LOG: string[];
/** 1-based step that writes the commit point. */
let COMMIT_POINT: number;

beforeAll(async () => {
  OLD = projectState(oldProject());
  const root = oldProject();
  const { fs, log } = countingFs(root);
  setProjectFs(fs);
  try {
    await commitChanges(root, CHANGES);
  } finally {
    setProjectFs(nodeFs);
  }
  NEW = projectState(root);
  STEPS_LOG = log;
  COMMIT_POINT = log.indexOf(`appendFile ${JOURNAL_FILE}`) + 1;
});

afterEach(() => setProjectFs(nodeFs));
/** Spec files for the driver, and the projects of the loops, removed as they go: the loops make hundreds. */
const SCRATCH = mkdtempSync(join(tmpdir(), 'ws-scaffold-commit-test-'));
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));
const done = (root: string) => rmSync(root, { recursive: true, force: true });

describe('commitChanges', () => {
  it('writes every change, keeps each replaced file\'s mode and leaves nothing beside them', () => {
    expect(NEW['src/main.ts']).toBe(`${sha256(CHANGES[2].after)} 755`);
    expect(NEW['src/chat/chat.gateway.ts']).toMatch(/^[0-9a-f]{64} 6[0-6][0-6]$/);
    const expected = { ...OLD };
    for (const change of CHANGES) expected[change.path] = NEW[change.path];
    for (const folder of ['src/chat/', 'src/websockets/', 'src/websockets/kit/']) expected[folder] = 'folder';
    expect(NEW).toEqual(expected);
  });

  it('is made of every kind of step, the commit point after all renames and before the clean-up', () => {
    const kinds = new Set(STEPS_LOG.map((step) => step.split(' ')[0]));
    expect([...kinds].sort()).toEqual(['appendFile', 'chmod', 'createFile', 'fsync', 'link', 'mkdir', 'rename', 'unlink']);
    const lastRename = STEPS_LOG.map((s) => s.startsWith('rename ')).lastIndexOf(true) + 1;
    expect(COMMIT_POINT).toBeGreaterThan(lastRename);
    expect(STEPS_LOG.slice(COMMIT_POINT).every((step) => step.startsWith('unlink ') || step.startsWith('fsync '))).toBe(true);
    expect(STEPS_LOG[0]).toBe(`createFile ${JOURNAL_FILE}`);
  });

  describe.each(CODES)('%s at every step', (code) => {
    it.each([false, true])('lasting: %s; the message is true, and the next run leaves the old or the new tree', async (lasting) => {
      for (let at = 1; at <= STEPS_LOG.length; at++) {
        const where = `${code} at step ${at} (${STEPS_LOG[at - 1]})${lasting ? ' and after' : ''}`;
        const root = oldProject();
        setProjectFs(countingFs(root, { at, code, lasting }).fs);
        const error = await commitChanges(root, CHANGES).then(() => undefined, (e: unknown) => e);
        setProjectFs(nodeFs);
        let expected = NEW;
        if (error !== undefined) {
          expect(error, where).toBeInstanceOf(FileSystemError);
          const { message, path, exitCode } = error as FileSystemError;
          expect(exitCode, where).toBe(1);
          expect(message, where).not.toContain('\n');
          expect(message, where).toContain(`(${code})`);
          expect(message, where).toContain(path);
          expect(message, where).not.toMatch(/ws-scaffold\.(tmp|backup)/); // names the project's file, not a hidden one
          if (message.endsWith('nothing was changed')) {
            expect(projectState(root), where).toEqual(OLD);
            expected = OLD;
          } else if (message.startsWith('every change was written')) {
            expect(at, where).toBeGreaterThan(COMMIT_POINT);
          } else {
            expect(message, where).toMatch(/undoing it failed too .*next ws-scaffold run in this project finishes undoing it/);
            expected = OLD;
          }
        } else {
          // The only failure a commit survives: the commit point's own flush, after which the new tree stands.
          expect(at, where).toBeGreaterThanOrEqual(COMMIT_POINT);
        }
        const recovered = recoverInterruptedCommit(root);
        expect(projectState(root), where).toEqual(expected);
        if (error === undefined || (error as Error).message.endsWith('nothing was changed')) expect(recovered, where).toBeUndefined();
        else expect(recovered, where).toMatch(/^Recovered: /);
        done(root);
      }
    });
  });

  it('killed (a real SIGKILL) at any step, it leaves a state the next run turns into the old or the new tree', () => {
    for (let at = 1; at <= STEPS_LOG.length; at++) {
      const where = `SIGKILL at step ${at} (${STEPS_LOG[at - 1]})`;
      const root = oldProject();
      const child = runDriver(root, { FAULT_AT: String(at), FAULT_ACTION: 'SIGKILL' });
      expect(child.signal, where).toBe('SIGKILL');
      const recovered = recoverInterruptedCommit(root);
      // Killed before step `at`: the commit point is reached only if its step was done.
      expect(projectState(root), where).toEqual(at > COMMIT_POINT ? NEW : OLD);
      if (at === 1) expect(recovered, where).toBeUndefined();
      else expect(recovered, where).toMatch(at > COMMIT_POINT ? /^Recovered: .*had completed its commit/ : /^Recovered: rolled back/);
      done(root);
    }
  }, CHILDREN_TIMEOUT);

  it('a recovery killed at any of its own steps is simply done again by the next run', () => {
    const renames = STEPS_LOG.map((s, i) => (s.startsWith('rename ') ? i + 1 : 0)).filter(Boolean);
    const midRenames = renames[Math.floor(renames.length / 2)];
    const probe = oldProject();
    runDriver(probe, { FAULT_AT: String(midRenames), FAULT_ACTION: 'SIGKILL' });
    const log = join(SCRATCH, 'recovery-steps');
    expect(runDriver(probe, { FAULT_LOG: log }, 'recover').status).toBe(0);
    const recoverySteps = readFileSync(log, 'utf8').trim().split('\n').length;
    expect(recoverySteps).toBeGreaterThan(5);
    for (let at = 1; at <= recoverySteps; at++) {
      const root = oldProject();
      runDriver(root, { FAULT_AT: String(midRenames), FAULT_ACTION: 'SIGKILL' });
      expect(runDriver(root, { FAULT_AT: String(at), FAULT_ACTION: 'SIGKILL' }, 'recover').signal).toBe('SIGKILL');
      recoverInterruptedCommit(root);
      expect(projectState(root), `recovery killed at its step ${at}`).toEqual(OLD);
      done(root);
    }
  }, CHILDREN_TIMEOUT);

  it('holds SIGTERM arriving at any step until the commit is complete, then ends by it', () => {
    for (let at = 1; at <= STEPS_LOG.length; at++) {
      const where = `SIGTERM at step ${at} (${STEPS_LOG[at - 1]})`;
      const root = oldProject();
      const child = runDriver(root, { FAULT_AT: String(at), FAULT_ACTION: 'SIGTERM' });
      expect(child.signal, where).toBe('SIGTERM');
      expect(child.stdout, where).toBe(''); // ended before anything after the commit ran
      expect(child.stderr, where).toBe('ws-scaffold: stopped by SIGTERM, which arrived while files were being written: all the files were written first.\n');
      expect(projectState(root), where).toEqual(NEW);
      done(root);
    }
  }, CHILDREN_TIMEOUT);

  it.each(['SIGINT', 'SIGHUP'])('holds %s the same way; a shell sees the conventional exit code', (signal) => {
    const root = oldProject();
    const rename = STEPS_LOG.findIndex((s) => s.startsWith('rename ')) + 1;
    const spec = specFile(root);
    const shell = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${DRIVER}" commit "${spec}"; echo "exit=$?"`], {
      encoding: 'utf8',
      env: { ...process.env, FAULT_AT: String(rename), FAULT_ACTION: signal, FAULT_ROOT: root },
    });
    expect(shell.stdout.trim()).toBe(`exit=${signal === 'SIGINT' ? 130 : 129}`);
    expect(projectState(root)).toEqual(NEW);
  });

  it('a failure with a signal pending: undone first, then the signal ends the run, saying why', () => {
    const root = oldProject();
    const write = STEPS_LOG.findIndex((s) => s.startsWith('createFile src/chat/')) + 1;
    const child = runDriver(root, { FAULT_AT: `1,${write}`, FAULT_ACTION: 'SIGTERM,ENOSPC' });
    expect(child.signal).toBe('SIGTERM');
    expect(child.stderr).toBe(
      'ws-scaffold: stopped by SIGTERM, which arrived while files were being written: cannot write src/chat/chat.events.ts: no space left on the device (ENOSPC); nothing was changed.\n',
    );
    expect(projectState(root)).toEqual(OLD);
  });
});

describe('commitChanges refuses before the first write', () => {
  async function refused(root: string, changes: FileChange[], read?: Map<string, string | undefined>): Promise<string> {
    const before = projectState(root);
    const { fs, log } = countingFs(root);
    setProjectFs(fs);
    const error = await commitChanges(root, changes, { read }).then(() => undefined, (e: unknown) => e);
    setProjectFs(nodeFs);
    expect(error).toBeInstanceOf(FileSystemError);
    expect(log).toEqual([]); // not one step: nothing was written, nothing to undo
    expect(projectState(root)).toEqual(before);
    const { message } = error as FileSystemError;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/nothing was changed/);
    return message;
  }

  it.each([0o444, 0o400, 0o555])('a read-only file (mode %o), even for root', async (mode) => {
    const root = oldProject();
    chmodSync(join(root, 'src/app.module.ts'), mode);
    expect(await refused(root, CHANGES)).toBe(
      `src/app.module.ts is read-only (mode ${mode.toString(8)}): ws-scaffold does not replace it; nothing was changed (make it writable to let ws-scaffold edit it)`,
    );
  });

  it('a file the plan read that someone changed since, even one it does not write', async () => {
    const root = oldProject();
    const tree = diskTree(root);
    tree.read('README.md');
    for (const change of CHANGES) tree.write(change.path, change.after);
    writeFileSync(join(root, 'README.md'), 'edited meanwhile\n');
    expect(await refused(root, tree.changes(), new Map(tree.filesRead))).toBe(
      'README.md changed on disk while ws-scaffold was planning; nothing was changed (run the command again)',
    );
    writeFileSync(join(root, 'README.md'), OLD_FILES['README.md']);
    writeFileSync(join(root, 'src/main.ts'), 'edited in an editor\n');
    expect(await refused(root, CHANGES)).toMatch(/^src\/main\.ts changed on disk/);
  });

  it('a file created meanwhile where the plan creates one', async () => {
    const root = oldProject();
    mkdirSync(join(root, 'src/chat'));
    writeFileSync(join(root, 'src/chat/chat.gateway.ts'), 'mine\n');
    expect(await refused(root, CHANGES)).toMatch(/^src\/chat\/chat\.gateway\.ts changed on disk/);
  });

  it('a file where a folder must go (ENOTDIR), a folder where a file must go (EISDIR)', async () => {
    const file = oldProject();
    writeFileSync(join(file, 'src/websockets'), 'a file\n');
    expect(await refused(file, CHANGES)).toBe('cannot write src/websockets/kit/ws.config.ts: src/websockets is a file, not a folder; nothing was changed');
    const folder = oldProject();
    mkdirSync(join(folder, 'ws-scaffold.json'));
    writeFileSync(join(folder, 'ws-scaffold.json/inside'), 'x');
    expect(await refused(folder, CHANGES)).toBe('cannot write ws-scaffold.json: it is a folder; nothing was changed');
  });

  it('a folder or file that is a symbolic link out of the project', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'ws-scaffold-outside-'));
    const root = oldProject();
    symlinkSync(outside, join(root, 'src/chat'));
    expect(await refused(root, CHANGES)).toBe('cannot write src/chat/chat.events.ts: src/chat is a symbolic link out of the project; nothing was changed');
    const linked = oldProject();
    writeFileSync(join(outside, 'main.ts'), OLD_FILES['src/main.ts']);
    const rm = join(linked, 'src/main.ts');
    require('node:fs').rmSync(rm);
    symlinkSync(join(outside, 'main.ts'), rm);
    expect(await refused(linked, CHANGES)).toBe('cannot write src/main.ts: it is a symbolic link out of the project; nothing was changed');
  });

  it('an interrupted commit nobody has recovered yet', async () => {
    const root = oldProject();
    writeFileSync(join(root, JOURNAL_FILE), '{"journal":"ws-sc');
    expect(await refused(root, CHANGES)).toMatch(/^an earlier ws-scaffold commit here was interrupted/);
  });

  it('writes through a symbolic link inside the project, which stays a link', async () => {
    const root = oldProject();
    writeFileSync(join(root, 'src/real.module.ts'), OLD_FILES['src/app.module.ts']);
    require('node:fs').rmSync(join(root, 'src/app.module.ts'));
    symlinkSync('real.module.ts', join(root, 'src/app.module.ts'));
    await commitChanges(root, CHANGES);
    expect(lstatSync(join(root, 'src/app.module.ts')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, 'src/app.module.ts'))).toBe('real.module.ts');
    expect(readFileSync(join(root, 'src/real.module.ts'), 'utf8')).toBe(CHANGES[1].after);
  });
});

describe('recoverInterruptedCommit', () => {
  it('removes a journal torn while it was written, and says so', () => {
    const root = oldProject();
    writeFileSync(join(root, JOURNAL_FILE), '{"journal":"ws-scaffold commit","version":1,"pid":12');
    expect(recoverInterruptedCommit(root)).toBe('Recovered: an interrupted ws-scaffold run had only begun its commit journal; removed it (no file had been changed).');
    expect(projectState(root)).toEqual(OLD);
  });

  it.each([
    ['a path out of the project', { path: '../outside.ts' }],
    ['an absolute path', { path: '/etc/passwd' }],
    ['a bad hash', { sha256: 'x' }],
  ])('never acts on a journal it did not write (%s)', (_, bad) => {
    const root = oldProject();
    const file = { path: 'src/main.ts', sha256: sha256(OLD_FILES['src/main.ts']), backup: false, ...bad };
    writeFileSync(join(root, JOURNAL_FILE), `${JSON.stringify({ journal: 'ws-scaffold commit', version: 1, pid: 1, folders: [], files: [file] })}\n`);
    const before = projectState(root);
    expect(() => recoverInterruptedCommit(root)).toThrow(`${JOURNAL_FILE} is not a journal ws-scaffold can read; nothing was changed (delete it if no ws-scaffold run was interrupted here)`);
    expect(projectState(root)).toEqual(before);
  });

  it('removes a created file on rollback only while it still holds what the commit wrote', () => {
    const root = oldProject();
    const at = STEPS_LOG.findIndex((s) => s.startsWith('rename .ws-scaffold.json.')) + 2;
    expect(at).toBeGreaterThan(1);
    runDriver(root, { FAULT_AT: String(at), FAULT_ACTION: 'SIGKILL' });
    writeFileSync(join(root, 'ws-scaffold.json'), 'edited after the crash\n');
    expect(recoverInterruptedCommit(root)).toMatch(/^Recovered: rolled back/);
    expect(readFileSync(join(root, 'ws-scaffold.json'), 'utf8')).toBe('edited after the crash\n');
    expect(existsSync(join(root, 'src/chat'))).toBe(false);
  });
});

let specs = 0;
function specFile(root: string, changes: FileChange[] = CHANGES): string {
  const spec = join(SCRATCH, `spec-${specs++}.json`);
  writeFileSync(spec, JSON.stringify({ root, changes }));
  return spec;
}

function runDriver(root: string, env: Record<string, string>, mode: 'commit' | 'recover' = 'commit', changes?: FileChange[]) {
  const args = mode === 'commit' ? ['commit', specFile(root, changes)] : ['recover', root];
  const child = spawnSync(process.execPath, [DRIVER, ...args], { encoding: 'utf8', env: { ...process.env, FAULT_ROOT: root, ...env } });
  return { status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr };
}
