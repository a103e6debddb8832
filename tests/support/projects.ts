import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';

/** Small hand-written Nest-shaped projects (no dependencies installed) for unit and CLI tests. */
export type FixtureFiles = Record<string, string>;

const appModule = (suffix = '') => `import { Module } from '@nestjs/common';
import { AppController } from './app.controller${suffix}';

@Module({
  imports: [],
  controllers: [AppController],
  providers: [],
})
export class AppModule {}
`;

const mainTs = (suffix = '') => `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module${suffix}';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
`;

const packageJson = (extra: Record<string, unknown> = {}, devDependencies: Record<string, string> = { jest: '^30.0.0' }) =>
  JSON.stringify(
    {
      name: 'fixture',
      private: true,
      ...extra,
      dependencies: { '@nestjs/common': '^11.0.1', '@nestjs/core': '^11.0.1', 'reflect-metadata': '^0.2.2' },
      devDependencies,
    },
    null,
    2,
  ) + '\n';

export const FIXTURES: Record<string, FixtureFiles> = {
  'cjs-jest': {
    'package.json': packageJson(),
    'nest-cli.json': '{ "sourceRoot": "src" }\n',
    'src/app.module.ts': appModule(),
    'src/main.ts': mainTs(),
  },
  'esm-vitest': {
    'package.json': packageJson({ type: 'module' }, { vitest: '^4.0.0' }).replace(/\^11\.0\.1/g, '^12.0.1'),
    'nest-cli.json': '{ "sourceRoot": "src" }\n',
    '.prettierrc': '{ "singleQuote": true, "trailingComma": "all" }\n',
    'src/app.module.ts': appModule('.js'),
    'src/main.ts': mainTs('.js'),
  },
  'crlf-tabs': {
    'package.json': packageJson().replace(/\n/g, '\r\n').replace(/ {2}/g, '\t'),
    'src/app.module.ts': appModule().replace(/\n/g, '\r\n').replace(/ {2}/g, '\t'),
    'src/main.ts': mainTs().replace(/\n/g, '\r\n').replace(/ {2}/g, '\t'),
  },
  'nested-module': {
    'package.json': packageJson(),
    'src/app.module.ts': appModule(),
    'src/main.ts': mainTs(),
    'src/users/users.module.ts': `import { Module } from '@nestjs/common';\n\n@Module({})\nexport class UsersModule {}\n`,
  },
  monorepo: {
    'package.json': packageJson({ packageManager: 'pnpm@9.0.0' }),
    'nest-cli.json': JSON.stringify({
      sourceRoot: 'apps/api/src',
      monorepo: true,
      projects: {
        api: { type: 'application', root: 'apps/api', sourceRoot: 'apps/api/src' },
        admin: { type: 'application', root: 'apps/admin', sourceRoot: 'apps/admin/src' },
      },
    }, null, 2),
    'apps/api/src/app.module.ts': appModule(),
    'apps/api/src/main.ts': mainTs(),
    'apps/admin/src/admin.module.ts': appModule().replace('AppModule', 'AdminModule'),
    'apps/admin/src/main.ts': mainTs().replace(/AppModule/g, 'AdminModule').replace('./app.module', './admin.module'),
  },
};

export function makeProject(files: FixtureFiles): string {
  const root = mkdtempSync(join(tmpdir(), 'ws-scaffold-fixture-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A fixture project whose own node_modules has prettier (ours, linked) and a config of its own. */
export function projectWithPrettier(files: FixtureFiles): string {
  const root = makeProject(files);
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(__dirname, '..', '..', 'node_modules', 'prettier'), join(root, 'node_modules', 'prettier'), 'dir');
  return root;
}

/** A fingerprint of every file below root: proves "zero bytes changed". */
export function snapshotTree(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else result[relative(root, full)] = createHash('sha1').update(readFileSync(full)).digest('hex');
    }
  };
  walk(root);
  return result;
}
