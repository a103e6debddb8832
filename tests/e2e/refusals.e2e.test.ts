/**
 * Every refusal's snippet works when pasted as printed. For each refusal path, on a real Nest 11
 * and Nest 12 project: the command refuses (exit 3, zero bytes), the flag the refusal names writes
 * everything else, the snippet is pasted where the refusal says (mechanically, from its --json
 * form), and the app then builds, boots and answers a real socket.io client.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotTree } from '../support/projects';
import {
  bootApp,
  connectClient,
  emitWithAck,
  freshProject,
  packedTarball,
  run,
  startRedis,
  type FreshProject,
  type LocalServer,
  type NestMajor,
} from './support';

interface Refusal {
  file: string;
  line?: number;
  reason: string;
  snippet: string;
  hint?: string;
}

/** A project shape ws-scaffold refuses, the command, and how a person pastes the snippet. */
interface RefusalCase {
  name: string;
  /** Files to write over the fresh project (main.ts, app.module.ts, an adapter of the project's own). */
  files: (esm: boolean) => Record<string, string>;
  command: string[];
  /** The flag the refusal must name, to run before pasting. */
  flag: '--no-main' | '--skip-import';
  /** Puts the snippet where the refusal says. */
  paste: (text: string, refusal: Refusal) => string;
  /** The file `paste` edits, when it is not the refusal's file. */
  pasteInto?: (refusal: Refusal) => string;
  env?: (redis: LocalServer) => Record<string, string>;
}

const importsOf = (snippet: string) => snippet.split('\n').filter((line) => line.startsWith('import '));
const codeOf = (snippet: string) => snippet.split('\n').filter((line) => line.trim() && !line.startsWith('import ') && !line.startsWith('//'));
/** Adds import lines after the file's last import. */
function withImports(text: string, imports: string[]): string {
  const lines = text.split('\n');
  const last = lines.map((l) => l.startsWith('import ')).lastIndexOf(true);
  lines.splice(last + 1, 0, ...imports.filter((i) => !text.includes(i)));
  return lines.join('\n');
}

/** The `imports` entries a module snippet lists (WebsocketsModule). */
const importEntries = (snippet: string) => /imports: \[\/\* \.\.\.existing imports, \*\/ ([^\]]+)\]/.exec(snippet)![1];
const suffix = (esm: boolean) => (esm ? '.js' : '');
const mainWith = (esm: boolean, imports: string, body: string) => `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module${suffix(esm)}';
${imports}
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
${body}
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
`;
const projectAdapter = `import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';

/** The project's own adapter, named like ws-scaffold's. */
export class RedisIoAdapter extends IoAdapter {
  async connectToRedis(): Promise<void> {}

  // As the Nest docs write it, minus the Redis part.
  override createIOServer(port: number, options?: ServerOptions) {
    const server = super.createIOServer(port, options);
    return server;
  }
}
`;
const adapterWiring = `  const redisIoAdapter = new RedisIoAdapter(app);
  await redisIoAdapter.connectToRedis();
  app.useWebSocketAdapter(redisIoAdapter);`;

const CASES: RefusalCase[] = [
  {
    name: "a project adapter named like ws-scaffold's (add-gateway)",
    files: (esm) => ({ 'src/other/redis.ts': projectAdapter, 'src/main.ts': mainWith(esm, `import { RedisIoAdapter } from './other/redis${suffix(esm)}';\n`, adapterWiring) }),
    command: ['add-gateway', 'chat'],
    flag: '--no-main',
    pasteInto: () => 'src/other/redis.ts',
    paste: (text, refusal) => {
      const classLine = codeOf(refusal.snippet).find((line) => line.startsWith('export class'))!;
      return withImports(text, importsOf(refusal.snippet)).replace(/^export class RedisIoAdapter extends IoAdapter \{$/m, classLine);
    },
  },
  {
    name: 'a main.ts that bootstraps with .then()',
    files: (esm) => ({
      'src/main.ts': `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module${suffix(esm)}';\n\nvoid NestFactory.create(AppModule).then(async (app) => {\n  await app.listen(process.env.PORT ?? 3000);\n});\n`,
    }),
    command: ['add-gateway', 'chat'],
    flag: '--no-main',
    paste: (text, refusal) =>
      withImports(text, importsOf(refusal.snippet)).replace('  await app.listen(', `${codeOf(refusal.snippet).map((l) => `  ${l}`).join('\n')}\n  await app.listen(`),
  },
  {
    name: 'providers built from a spread',
    files: (esm) => ({
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { AppController } from './app.controller${suffix(esm)}';\nimport { AppService } from './app.service${suffix(esm)}';\n\nconst shared = [AppService];\n\n@Module({\n  controllers: [AppController],\n  providers: [...shared],\n})\nexport class AppModule {}\n`,
    }),
    command: ['add-gateway', 'chat'],
    flag: '--skip-import',
    paste: (text, refusal) => {
      const entries = /providers: \[\/\* \.\.\.existing providers, \*\/ ([^\]]+)\]/.exec(refusal.snippet)![1];
      return withImports(text, importsOf(refusal.snippet))
        .replace('providers: [...shared]', `providers: [...shared, ${entries}]`)
        .replace('@Module({\n', `@Module({\n  imports: [${importEntries(refusal.snippet)}],\n`);
    },
  },
  {
    name: '@Module(metadata) from a variable',
    files: (esm) => ({
      'src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { AppController } from './app.controller${suffix(esm)}';\nimport { AppService } from './app.service${suffix(esm)}';\n\nconst metadata = { controllers: [AppController], providers: [AppService] };\n\n@Module(metadata)\nexport class AppModule {}\n`,
    }),
    command: ['add-gateway', 'chat'],
    flag: '--skip-import',
    paste: (text, refusal) => {
      const entries = /providers: \[\/\* \.\.\.existing providers, \*\/ ([^\]]+)\]/.exec(refusal.snippet)![1];
      return withImports(text, importsOf(refusal.snippet))
        .replace('providers: [AppService]', `providers: [AppService, ${entries}]`)
        .replace('const metadata = { ', `const metadata = { imports: [${importEntries(refusal.snippet)}], `);
    },
  },
  {
    name: 'add-adapter next to a project adapter of the same name',
    files: (esm) => ({ 'src/other/redis.ts': projectAdapter, 'src/main.ts': mainWith(esm, `import { RedisIoAdapter } from './other/redis${suffix(esm)}';\n`, adapterWiring) }),
    command: ['add-adapter', 'redis'],
    flag: '--no-main',
    paste: (text, refusal) => {
      const [, from, to] = /in place of main\.ts lines (\d+)-(\d+)/.exec(refusal.snippet)!.map(Number);
      const lines = withImports(text, importsOf(refusal.snippet)).split('\n');
      const shift = lines.length - text.split('\n').length; // the imports added above
      lines.splice(from - 1 + shift, to - from + 1, ...codeOf(refusal.snippet).map((l) => `  ${l}`));
      return lines.join('\n');
    },
    env: (redis) => ({ REDIS_URL: redis.url }),
  },
];

describe.each([11, 12] as NestMajor[])('refusal snippets, pasted as printed, on a real Nest %i project', (major) => {
  let project: FreshProject;
  let redis: LocalServer;
  let pristine: string;
  const sh = (args: string[], timeoutMs = 300_000) => run(args[0], args.slice(1), { cwd: project.dir, env: project.env, timeoutMs, allowFailure: true });
  const read = (path: string) => readFileSync(join(project.dir, path), 'utf8');

  beforeAll(async () => {
    project = await freshProject(major, `refusals-${major}`);
    redis = await startRedis();
    pristine = join(project.dir, '..', 'pristine-src');
    cpSync(join(project.dir, 'src'), pristine, { recursive: true });
    const setup = { cwd: project.dir, env: project.env, timeoutMs: 300_000 };
    await run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()], setup);
    // The packages every case needs, installed once: each case then runs with --skip-install,
    // on the project as nest new wrote it.
    await run('npx', ['ws-scaffold', 'add-gateway', 'probe', '--yes'], setup);
    await run('npx', ['ws-scaffold', 'add-adapter', 'redis', '--yes'], setup);
  });

  afterAll(async () => {
    await redis?.stop();
    await project?.cleanup();
  });

  for (const c of CASES) {
    it(`${c.name}: refused with the flag to run, then pasted it builds, boots and answers`, async () => {
      rmSync(join(project.dir, 'src'), { recursive: true });
      cpSync(pristine, join(project.dir, 'src'), { recursive: true });
      rmSync(join(project.dir, 'ws-scaffold.json'), { force: true });
      for (const [path, text] of Object.entries(c.files(major === 12))) {
        mkdirSync(dirname(join(project.dir, path)), { recursive: true });
        writeFileSync(join(project.dir, path), text);
      }
      const before = snapshotTree(join(project.dir, 'src'));

      const refused = await sh(['npx', 'ws-scaffold', ...c.command, '--skip-install', '--json']);
      expect(refused.code, refused.stdout).toBe(3);
      const refusal = JSON.parse(refused.stdout).error as Refusal;
      expect(refusal.hint).toContain(c.flag);
      expect(snapshotTree(join(project.dir, 'src'))).toEqual(before);

      const rest = await sh(['npx', 'ws-scaffold', ...c.command, c.flag, '--skip-install', '--yes']);
      expect(rest.code, `${rest.stdout}\n${rest.stderr}`).toBe(0);
      const target = c.pasteInto?.(refusal) ?? refusal.file;
      writeFileSync(join(project.dir, target), c.paste(read(target), refusal));

      const build = await sh(['npm', 'run', 'build']);
      expect(build.code, `${build.stdout}\n${build.stderr}`).toBe(0);
      const check = await sh(['npx', 'ws-scaffold', 'check']);
      expect(check.code, check.stdout).toBe(0);
      const app = await bootApp(project.dir, project.env, { extraEnv: { WS_AUTH_TOKENS: 'e2e-token=e2e-user', ...c.env?.(redis) } });
      try {
        const gateway = existsSync(join(project.dir, 'src/chat/chat.gateway.ts'));
        if (gateway) {
          const socket = await connectClient(app.url, '/chat', { auth: { token: 'e2e-token' } });
          expect(await emitWithAck<{ ok: boolean }>(socket, 'message', { text: 'hello' })).toMatchObject({ ok: true });
          socket.close();
          // The kit applies to the project's adapter too: a foreign page is refused.
          await expect(connectClient(app.url, '/chat', { auth: { token: 'e2e-token' }, extraHeaders: { origin: 'https://evil.example' } })).rejects.toThrow();
        }
        expect(app.exited()).toBe(false);
      } finally {
        await app.stop();
      }
    });
  }
});
