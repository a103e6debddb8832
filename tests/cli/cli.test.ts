import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

/** Runs the built CLI as a user would: a separate process, no terminal, no colours requested. */
const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');
function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  // `npm test` builds first; a direct vitest run must not test a stale build silently.
  expect(readFileSync(join(__dirname, '..', '..', 'dist', 'generators', 'gateway', 'gateway.options.js'), 'utf8')).toContain('add-gateway');
});

describe('ws-scaffold CLI', () => {
  it('--help shows examples and exit codes without loading ts-morph', () => {
    const probe = `require(${JSON.stringify(join(__dirname, '..', '..', 'dist', 'cli', 'main.js'))})
      .main(['node', 'ws-scaffold', 'add-gateway', '--help'])
      .then((code) => { console.error('loaded-ts-morph=' + Object.keys(require.cache).some((k) => k.includes('ts-morph'))); process.exitCode = code; });`;
    const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('--namespace <namespace>');
    expect(result.stderr).toContain('loaded-ts-morph=false');
    expect(cli(['--help'], process.cwd()).stdout).toContain('3 refused');
    expect(cli(['--version'], process.cwd()).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('writes a gateway, then says a second run has nothing to do', () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const first = cli(['add-gateway', 'chat', '--skip-install'], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('CREATE src/chat/chat.gateway.ts');
    expect(first.stdout).toContain('UPDATE src/app.module.ts');
    expect(first.stdout).toContain('npm install');
    expect(first.stdout).not.toMatch(/\x1b\[/); // no colours without a terminal
    const after = snapshotTree(root);
    const second = cli(['add-gateway', 'chat', '--skip-install'], root);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to do');
    expect(snapshotTree(root)).toEqual(after);
  });

  it('--dry-run --diff prints the plan and a unified diff, and writes nothing', () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const before = snapshotTree(root);
    const result = cli(['add-gateway', 'chat', '--dry-run', '--diff'], root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CREATE src/chat/chat.gateway.ts');
    expect(result.stdout).toContain("+import { ChatGateway } from './chat/chat.gateway';");
    expect(result.stdout).toContain('-  providers: [],');
    expect(result.stdout).toContain('+  providers: [ChatGateway],');
    expect(result.stdout).toContain('+  imports: [WebsocketsModule],');
    expect(result.stdout).toContain('Dry run: nothing was written.');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('--json prints the documented machine-readable result', () => {
    const root = makeProject(FIXTURES['esm-vitest']);
    const result = cli(['add-gateway', 'chat', '--json', '--dry-run'], root);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['ok', 'command', 'dryRun', 'applied', 'changes', 'skipped', 'dependencies', 'install', 'nextSteps', 'exitCode']);
    expect(json).toMatchObject({ ok: true, command: 'add-gateway', dryRun: true, applied: false, install: null, exitCode: 0 });
    expect(json.changes).toContainEqual({ action: 'create', path: 'src/chat/chat.gateway.ts', bytes: expect.any(Number) });
    expect(json.dependencies).toEqual(['class-transformer', 'class-validator', '@nestjs/platform-socket.io', '@nestjs/websockets', 'socket.io']);
  });

  it('exits 3 with the snippet to paste when the module cannot be edited safely, changing zero bytes', () => {
    const root = makeProject({
      ...FIXTURES['cjs-jest'],
      'src/app.module.ts': "import { Module } from '@nestjs/common';\n\nconst meta = { providers: [] };\n\n@Module(meta)\nexport class AppModule {}\n",
    });
    const before = snapshotTree(root);
    const result = cli(['add-gateway', 'chat', '--skip-install'], root);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Refused: @Module(meta) is not an object literal');
    expect(result.stderr).toContain('src/app.module.ts:5');
    expect(result.stderr).toContain("import { ChatGateway } from './chat/chat.gateway';");
    expect(result.stderr).toContain('providers: [/* ...existing providers, */ ChatGateway],');
    expect(result.stderr).toContain('imports: [/* ...existing imports, */ WebsocketsModule],');
    expect(snapshotTree(root)).toEqual(before);

    const json = JSON.parse(cli(['add-gateway', 'chat', '--json'], root).stdout);
    expect(json).toMatchObject({ ok: false, exitCode: 3, error: { file: 'src/app.module.ts', line: 5 } });
  });

  it('exits 1 with a clear message and zero bytes changed on bad input', () => {
    const notNest = makeProject({ 'package.json': '{ "name": "plain", "dependencies": { "express": "^5.0.0" } }\n' });
    const before = snapshotTree(notNest);
    const result = cli(['add-gateway', 'chat'], notNest);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a NestJS project');
    expect(snapshotTree(notNest)).toEqual(before);

    const root = makeProject(FIXTURES['cjs-jest']);
    const clean = snapshotTree(root);
    const badName = cli(['add-gateway', 'chat room'], root);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('is not a valid name');
    const badTransport = cli(['add-gateway', 'chat', '--transport', 'grpc'], root);
    expect(badTransport.code).toBe(1);
    expect(badTransport.stderr).toContain('unknown transport "grpc"');
    const unknown = cli(['add-gateway', 'chat', '--port', '81'], root);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("unknown option '--port'");
    expect(snapshotTree(root)).toEqual(clean);
  });

  it('never waits for input without a terminal: lists what is missing and exits 1', () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const result = cli(['add-gateway'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing required <name>');
  });

  it('--cwd points at the project from anywhere', () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const result = cli(['add-gateway', 'chat', '--skip-install', '--cwd', root], process.cwd());
    expect(result.code).toBe(0);
    expect(readFileSync(join(root, 'src/app.module.ts'), 'utf8')).toContain('providers: [ChatGateway]');
  });
});
