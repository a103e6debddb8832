import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/commands/check';
import { runGenerator, type RunSettings } from '../../src/commands/run';
import { FileSystemError } from '../../src/errors';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { JOURNAL_FILE } from '../../src/tree/journal';
import { LOCK_FILE } from '../../src/tree/project-lock';
import { FIXTURES, makeProject } from '../support/projects';
import { projectState } from './support/faults';

const addGateway = (root: string, name: string, extra: Partial<RunSettings> = {}) =>
  runGenerator(gatewayGenerator, { name }, { cwd: root, skipInstall: true, ...extra });
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

describe('the project lock', () => {
  it('makes two runs started together on one project take turns: neither loses its registration', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const [chat, news] = await Promise.all([addGateway(root, 'chat'), addGateway(root, 'news')]);
    expect(chat.applied && news.applied).toBe(true);
    expect(read(root, 'src/app.module.ts')).toMatch(/providers: \[.*ChatGateway.*NewsGateway|providers: \[.*NewsGateway.*ChatGateway/);
    expect(read(root, 'src/websockets/namespaces.ts')).toContain("gateway: 'ChatGateway'");
    expect(read(root, 'src/websockets/namespaces.ts')).toContain("gateway: 'NewsGateway'");
    expect(JSON.parse(read(root, 'ws-scaffold.json')).artefacts.map((a: { name: string }) => a.name).sort()).toEqual(['chat', 'news']);
    expect((await checkProject(root)).items).toEqual([]);
    expect(existsSync(join(root, LOCK_FILE))).toBe(false);
  });

  it('is taken over from an earlier process that had this pid, and is gone after the run', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const earlier = { pid: process.pid, host: hostname(), since: Date.now() - 3_600_000, processStart: Date.now() - 7_200_000 };
    writeFileSync(join(root, LOCK_FILE), JSON.stringify(earlier));
    expect((await addGateway(root, 'chat')).applied).toBe(true);
    expect(existsSync(join(root, LOCK_FILE))).toBe(false);
  });

  it('is taken over when it was left unwritten by a run that died creating it', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    writeFileSync(join(root, LOCK_FILE), '');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(join(root, LOCK_FILE), aMinuteAgo, aMinuteAgo);
    expect((await addGateway(root, 'chat')).applied).toBe(true);
    expect(existsSync(join(root, LOCK_FILE))).toBe(false);
  });

  it('a folder in its place is an error that names it, not a wait', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    mkdirSync(join(root, LOCK_FILE));
    await expect(addGateway(root, 'chat')).rejects.toThrow(`${LOCK_FILE} is not ws-scaffold's lock file (it is a folder); nothing was changed (remove it)`);
  });
});

describe('a run', () => {
  it('refuses, writing nothing, when a file it planned on is changed before the commit', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const edited = read(root, 'src/app.module.ts').replace('providers: []', 'providers: [MineService]');
    let state: Record<string, string> = {};
    const run = addGateway(root, 'chat', {
      // An editor saves the module while the user reads the plan.
      confirm: async () => {
        writeFileSync(join(root, 'src/app.module.ts'), edited);
        state = projectState(root);
        expect(state[LOCK_FILE]).toBeDefined(); // held from the first read to the end
        delete state[LOCK_FILE];
        return true;
      },
    });
    await expect(run).rejects.toThrow(new FileSystemError('src/app.module.ts changed on disk while ws-scaffold was planning; nothing was changed (run the command again)', 'src/app.module.ts'));
    expect(projectState(root)).toEqual(state);
    expect(read(root, 'src/app.module.ts')).toBe(edited);
  });

  it('recovers an interrupted commit before it reads anything, and says so in one line', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const before = projectState(root);
    // What a run killed right after starting its journal leaves: the journal and a new empty folder.
    mkdirSync(join(root, 'src/chat'));
    const journal = { journal: 'ws-scaffold commit', version: 1, pid: 4242, folders: ['src/chat'], files: [{ path: 'src/chat/chat.gateway.ts', sha256: '0'.repeat(64), backup: false }] };
    writeFileSync(join(root, JOURNAL_FILE), `${JSON.stringify(journal)}\n`);
    const lines: string[] = [];
    const result = await addGateway(root, 'chat', { dryRun: true, notify: (line) => lines.push(line) });
    expect(lines).toEqual(['Recovered: rolled back the unfinished commit of an interrupted ws-scaffold run (pid 4242); the project is as it was before that run.']);
    expect(result.plan.changes.map((c) => c.path)).toContain('src/chat/chat.gateway.ts');
    expect(projectState(root)).toEqual(before);
  });
});
