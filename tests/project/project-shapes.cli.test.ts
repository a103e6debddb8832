import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, makeProject, snapshotTree, type FixtureFiles } from '../support/projects';

/**
 * Project shapes through the built CLI, as a user meets them: an unsupported Nest major, a monorepo
 * without a default project and broken project files stop every command with one line, exit 1 and
 * zero bytes changed; the package manager's tool is checked before anything is written.
 */
const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A PATH of fake package managers that log how they were run (name, arguments, the berry CI switch). */
function fakeTools(tools: string[]): { env: NodeJS.ProcessEnv; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ws-scaffold-tools-'));
  const log = join(dir, 'calls.log');
  for (const tool of tools) {
    writeFileSync(join(dir, tool), `#!/bin/sh\necho "${tool} $* immutable=$YARN_ENABLE_IMMUTABLE_INSTALLS" >> "${log}"\n`);
    chmodSync(join(dir, tool), 0o755);
  }
  return { env: { PATH: dir }, log };
}

const calls = (log: string): string[] => {
  try {
    return readFileSync(log, 'utf8').trim().split('\n');
  } catch {
    return [];
  }
};

const MANIFEST = JSON.stringify({ tool: '0.1.0', artefacts: [{ kind: 'gateway', name: 'chat', options: {}, owns: [], scaffolded: [], fragments: [] }] });

/** Every command, with the arguments that get it past its own option checks. */
const COMMANDS: string[][] = [
  ['add-gateway', 'chat'],
  ['add-event', 'typing', '--gateway', 'chat'],
  ['add-room', 'project', '--gateway', 'chat'],
  ['add-namespace', 'admin'],
  ['add-client', '--gateway', 'chat'],
  ['add-adapter', 'redis'],
  ['init'],
  ['check'],
  ['sync'],
];

/** Runs `args` and expects exit 1, one line on stderr matching `message`, and no byte changed. */
function expectStopped(root: string, args: string[], message: RegExp, env: NodeJS.ProcessEnv = {}) {
  const before = snapshotTree(root);
  const result = cli(args, root, env);
  expect(result.code, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/);
  expect(snapshotTree(root)).toEqual(before);
}

beforeAll(() => {
  // A direct vitest run must not test a stale build silently.
  expect(readFileSync(join(__dirname, '..', '..', 'dist', 'project', 'detect.js'), 'utf8')).toContain('SUPPORTED_NEST_MAJORS');
});

describe('an unsupported Nest major stops every command first', () => {
  for (const [label, files] of [
    ['Nest 10 declared', { 'package.json': FIXTURES['cjs-jest']['package.json'].replace(/\^11\.0\.1/g, '^10.4.15') }],
    ['Nest 7 installed', { 'node_modules/@nestjs/core/package.json': '{ "name": "@nestjs/core", "version": "7.6.18" }' }],
  ] as [string, FixtureFiles][]) {
    it(`${label}: every command exits 1 naming the version and the supported range`, () => {
      const root = makeProject({ ...FIXTURES['cjs-jest'], 'ws-scaffold.json': MANIFEST, ...files });
      for (const command of COMMANDS) {
        expectStopped(root, command, /^Error: Nest (10|7) is not supported \(.*(10\.4\.15|7\.6\.18).*\): ws-scaffold supports Nest 11 and 12 \(@nestjs\/core \^11\.0\.0 \|\| \^12\.0\.0\)\.$/);
      }
    });
  }
});

describe('a monorepo without a usable default project', () => {
  it('every command exits 1 naming the projects; --project goes ahead', () => {
    const cliJson = JSON.parse(FIXTURES.monorepo['nest-cli.json']) as Record<string, unknown>;
    delete cliJson.sourceRoot;
    const root = makeProject({ ...FIXTURES.monorepo, 'nest-cli.json': JSON.stringify(cliJson), 'ws-scaffold.json': MANIFEST });
    for (const command of COMMANDS) {
      expectStopped(root, command, /^Error: nest-cli\.json has no usable default project \(no top-level "sourceRoot"\): choose one with --project <name> \(projects: api, admin\)\.$/);
    }
    const chosen = cli(['add-gateway', 'chat', '--project', 'admin', '--skip-install'], root);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).toContain('CREATE apps/admin/src/chat/chat.gateway.ts');
  });
});

describe('a monorepo with a default project', () => {
  it('a gateway of the same name in two apps: both recorded, check clean, add-event goes to the chosen one', () => {
    const root = makeProject(FIXTURES.monorepo);
    for (const args of [['add-gateway', 'chat'], ['add-gateway', 'chat', '--project', 'admin'], ['add-event', 'typing', '--gateway', 'chat', '--project', 'admin']]) {
      const result = cli([...args, '--skip-install'], root);
      expect(result.code, result.stderr).toBe(0);
    }
    const manifest = JSON.parse(readFileSync(join(root, 'ws-scaffold.json'), 'utf8')) as { artefacts: { kind: string; name: string; project?: string }[] };
    expect(manifest.artefacts.map((a) => `${a.kind} ${a.name} ${a.project ?? '(default)'}`)).toEqual(['gateway chat (default)', 'gateway chat admin', 'event chat:typing admin']);
    expect(readFileSync(join(root, 'apps/admin/src/chat/chat.gateway.ts'), 'utf8')).toContain("@SubscribeMessage('typing')");
    expect(readFileSync(join(root, 'apps/api/src/chat/chat.gateway.ts'), 'utf8')).not.toContain("@SubscribeMessage('typing')");
    const check = cli(['check'], root);
    expect(check.stdout + check.stderr).toContain('In sync: 3 artefact(s)');
    expect(check.code).toBe(0);
  });
});

describe('broken project files: one line, exit 1, zero bytes', () => {
  const cases: [string, FixtureFiles, RegExp][] = [
    ['a null package.json', { 'package.json': 'null' }, /^Error: package\.json holds null, not an object: fix it first\.$/],
    ['sourceRoot "../outside"', { 'nest-cli.json': '{ "sourceRoot": "../outside" }' }, /^Error: nest-cli\.json: "sourceRoot" "\.\.\/outside" is not a path inside the project \(relative, not into \.git or node_modules\); ws-scaffold writes only there\.$/],
    ['entryFile "../../x"', { 'nest-cli.json': '{ "entryFile": "../../x" }' }, /^Error: nest-cli\.json: "entryFile" "\.\.\/\.\.\/x" is not a path inside the project/],
  ];
  for (const [label, files, message] of cases) {
    it(`${label}: add-gateway and check`, () => {
      const root = makeProject({ ...FIXTURES['cjs-jest'], 'ws-scaffold.json': MANIFEST, ...files });
      expectStopped(root, ['add-gateway', 'chat', '--skip-install'], message);
      expectStopped(root, ['check'], message);
    });
  }

  it('a package.json with a byte order mark simply works, and keeps its mark', () => {
    const root = makeProject({ ...FIXTURES['cjs-jest'], 'package.json': `\uFEFF${FIXTURES['cjs-jest']['package.json']}` });
    const result = cli(['add-gateway', 'chat', '--skip-install'], root);
    expect(result.code, result.stderr).toBe(0);
    const pkg = readFileSync(join(root, 'package.json'), 'utf8');
    expect(pkg.startsWith('\uFEFF{\n  "name": "fixture",')).toBe(true);
    expect(JSON.parse(pkg.slice(1)).dependencies['@nestjs/websockets']).toBe('^11.0.0');
    expect(cli(['check'], root).code).toBe(0);
  });
});

describe('the package manager is checked before anything is written', () => {
  it('a missing tool: exit 1 naming it and --skip-install; with --skip-install the files are written', () => {
    const root = makeProject({ ...FIXTURES['cjs-jest'], 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const { env } = fakeTools(['npm', 'yarn']);
    expectStopped(root, ['add-gateway', 'chat'], /^Error: pnpm is not installed \(the project uses it: pnpm-lock\.yaml\): install it, or pass --skip-install/, env);
    expectStopped(root, ['add-gateway', 'chat', '--dry-run'], /^Error: pnpm is not installed/, env);
    const skipped = cli(['add-gateway', 'chat', '--skip-install'], root, env);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stdout).toContain('install them with: pnpm install');
  });

  it('two lockfiles: the one whose tool is installed installs; neither or both: exit 1 naming both', () => {
    const files = { ...FIXTURES['cjs-jest'], 'yarn.lock': '# yarn lockfile v1\n', 'package-lock.json': '{}' };
    const both = /^Error: the project has two lockfiles, yarn\.lock \(yarn\) and package-lock\.json \(npm\), and (none of their tools is|both tools are) installed: .*--skip-install\.$/;
    expectStopped(makeProject(files), ['add-gateway', 'chat'], both, fakeTools([]).env);
    expectStopped(makeProject(files), ['add-gateway', 'chat'], both, fakeTools(['npm', 'yarn']).env);
    const onlyNpm = fakeTools(['npm']);
    const root = makeProject(files);
    const result = cli(['add-gateway', 'chat'], root, onlyNpm.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Installed dependencies (npm install).');
    expect(calls(onlyNpm.log)).toEqual(['npm install immutable=']);
  });

  it('pnpm and yarn berry are told that the lockfile may change (CI makes them refuse otherwise)', () => {
    for (const [files, expected] of [
      [{ 'pnpm-lock.yaml': '' }, 'pnpm install --no-frozen-lockfile immutable='],
      [{ 'yarn.lock': '__metadata:\n  version: 8\n' }, 'yarn install immutable=false'],
      [{ 'yarn.lock': '# yarn lockfile v1\n' }, 'yarn install immutable='],
    ] as [FixtureFiles, string][]) {
      const tools = fakeTools(['npm', 'pnpm', 'yarn']);
      const result = cli(['add-gateway', 'chat'], makeProject({ ...FIXTURES['cjs-jest'], ...files }), tools.env);
      expect(result.code, result.stderr).toBe(0);
      expect(calls(tools.log)).toEqual([expected]);
    }
  });
});

describe('next steps name the port main.ts listens on', () => {
  it('a literal port, and process.env.PORT ?? <n>', () => {
    for (const [listen, port] of [['4000', 4000], ['process.env.PORT ?? 4100', 4100], ['config.port', 3000]] as const) {
      const main = FIXTURES['cjs-jest']['src/main.ts'].replace('process.env.PORT ?? 3000', listen);
      const result = cli(['add-gateway', 'chat', '--skip-install'], makeProject({ ...FIXTURES['cjs-jest'], 'src/main.ts': main }));
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`io('http://localhost:${port}/chat', { auth: { token } })`);
    }
  });
});
