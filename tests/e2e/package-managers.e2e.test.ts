/**
 * The four package managers, for real: one small Nest 11 project, installed by npm, pnpm, yarn
 * classic and yarn berry (node-modules linker) in turn, each making its own lockfile; then
 * `ws-scaffold add-gateway chat` in a CI environment (CI=true, where pnpm and berry refuse to
 * change a lockfile unless told they may) detects the tool from that lockfile, runs it, and the
 * lockfile and node_modules hold the new packages.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, log, packageManager, run, type ToolName } from './support';

const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');

const SMALL_PROJECT: Record<string, string> = {
  'package.json': `${JSON.stringify({
    name: 'small-nest-app',
    version: '0.0.1',
    private: true,
    dependencies: { '@nestjs/common': '^11.0.1', '@nestjs/core': '^11.0.1', 'reflect-metadata': '^0.2.2', rxjs: '^7.8.1' },
  }, null, 2)}\n`,
  'src/app.module.ts': "import { Module } from '@nestjs/common';\n\n@Module({\n  imports: [],\n  controllers: [],\n  providers: [],\n})\nexport class AppModule {}\n",
  'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(process.env.PORT ?? 3000);\n}\nvoid bootstrap();\n",
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface Manager {
  label: string;
  tool?: ToolName;
  command: string;
  lockfile: string;
  /** The lockfile's entry of a resolved package (peer ranges name packages too, so a mention is not enough). */
  entry: (name: string, version: string) => RegExp;
  files?: Record<string, string>;
  baselineEnv?: Record<string, string>;
}

const MANAGERS: Manager[] = [
  { label: 'npm', command: 'npm install', lockfile: 'package-lock.json', entry: (name) => new RegExp(`"node_modules/${escape(name)}": \\{`) },
  { label: 'pnpm', tool: 'pnpm', command: 'pnpm install', lockfile: 'pnpm-lock.yaml', entry: (name, version) => new RegExp(`^  '?${escape(name)}@${escape(version)}'?:`, 'm') },
  { label: 'yarn classic', tool: 'yarn-classic', command: 'yarn install', lockfile: 'yarn.lock', entry: (name) => new RegExp(`^"?${escape(name)}@[^\\n]*:\\n  version "`, 'm') },
  {
    label: 'yarn berry',
    tool: 'yarn-berry',
    command: 'yarn install',
    lockfile: 'yarn.lock',
    entry: (name) => new RegExp(`^"${escape(name)}@npm:`, 'm'),
    files: { '.yarnrc.yml': 'nodeLinker: node-modules\nenableTelemetry: false\n' },
    // The project's own first install, in CI: berry would refuse to create the lockfile.
    baselineEnv: { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' },
  },
];

const LOCKFILES = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'];

describe('ws-scaffold installs with the project’s package manager', () => {
  let base: string;
  const started = Date.now();

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'ws-scaffold-e2e-pm-'));
  });

  afterAll(() => {
    log(`package managers e2e: ${((Date.now() - started) / 1000).toFixed(1)}s`);
    if (process.env.WS_SCAFFOLD_KEEP_PROJECTS !== '1') rmSync(base, { recursive: true, force: true });
  });

  for (const manager of MANAGERS) {
    it.concurrent(`${manager.label}: detected from its lockfile, installs, and the lockfile is updated`, async () => {
      const t0 = Date.now();
      const env = cleanEnv();
      if (manager.tool) env.PATH = `${(await packageManager(manager.tool)).bin}${delimiter}${env.PATH ?? ''}`;
      const dir = join(base, manager.label.replace(/\s/g, '-'));
      for (const [path, text] of Object.entries({ ...SMALL_PROJECT, ...manager.files })) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const [tool, ...args] = manager.command.split(' ');
      await run(tool, args, { cwd: dir, env: { ...env, ...manager.baselineEnv }, timeoutMs: 300_000 });
      const lockBefore = readFileSync(join(dir, manager.lockfile), 'utf8');
      const t1 = Date.now();

      const result = await run('node', [BIN, 'add-gateway', 'chat', '--no-spec'], { cwd: dir, env, timeoutMs: 300_000, allowFailure: true });
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toContain(`Installed dependencies (${manager.command}).`);

      const lock = readFileSync(join(dir, manager.lockfile), 'utf8');
      for (const name of ['@nestjs/websockets', '@nestjs/platform-socket.io', 'socket.io', 'class-validator', 'class-transformer']) {
        const manifest = join(dir, 'node_modules', name, 'package.json');
        expect(existsSync(manifest), `node_modules/${name}`).toBe(true);
        const entry = manager.entry(name, JSON.parse(readFileSync(manifest, 'utf8')).version);
        expect(lockBefore, `${manager.lockfile} had ${name} before`).not.toMatch(entry);
        expect(lock, `${manager.lockfile} lacks ${name}`).toMatch(entry);
      }
      expect(JSON.parse(readFileSync(join(dir, 'node_modules/@nestjs/websockets/package.json'), 'utf8')).version).toMatch(/^11\./);
      // No second lockfile of another tool.
      expect(readdirSync(dir).filter((f) => LOCKFILES.includes(f))).toEqual([manager.lockfile]);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(Object.keys(pkg.dependencies)).toEqual([...Object.keys(pkg.dependencies)].sort());

      const again = await run('node', [BIN, 'add-gateway', 'chat', '--no-spec'], { cwd: dir, env, timeoutMs: 120_000 });
      expect(again.stdout).toContain('Nothing to do');
      expect(readFileSync(join(dir, manager.lockfile), 'utf8')).toBe(lock);
      log(`${manager.label}: first install ${((t1 - t0) / 1000).toFixed(1)}s, ws-scaffold with its install ${((Date.now() - t1) / 1000).toFixed(1)}s`);
    });
  }
});
