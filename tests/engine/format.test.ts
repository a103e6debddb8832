import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerator } from '../../src/engine/run';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { FIXTURES, makeProject } from '../support/projects';

/** A fixture project whose own node_modules has prettier (ours, linked) and a config of its own. */
function projectWithPrettier(files: Record<string, string>): string {
  const root = makeProject(files);
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(__dirname, '..', '..', 'node_modules', 'prettier'), join(root, 'node_modules', 'prettier'), 'dir');
  return root;
}

const doubleQuotes = { ...FIXTURES['cjs-jest'], '.prettierrc': '{ "singleQuote": false, "trailingComma": "all" }\n' };
const run = (root: string) => runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true });

describe('formatting with the project prettier', () => {
  it('formats created files with the config resolved from their real path', async () => {
    const root = projectWithPrettier(doubleQuotes);
    await run(root);
    const gateway = readFileSync(join(root, 'src/chat/chat.gateway.ts'), 'utf8');
    expect(gateway).toContain('import { Logger, UseFilters, UsePipes } from "@nestjs/common";');
    expect(gateway).not.toContain("'@nestjs/common'");
  });

  it('formats an edited file that was prettier-clean, and leaves the lines of an unformatted one alone', async () => {
    const clean = projectWithPrettier({ ...doubleQuotes, 'src/app.module.ts': FIXTURES['cjs-jest']['src/app.module.ts'].replace(/'/g, '"') });
    await run(clean);
    expect(readFileSync(join(clean, 'src/app.module.ts'), 'utf8')).toContain('import { ChatGateway } from "./chat/chat.gateway";');

    const messy = "import { Module } from '@nestjs/common'\n\n@Module({   providers: [  ] })\nexport class AppModule    {}\n";
    const root = projectWithPrettier({ ...doubleQuotes, 'src/app.module.ts': messy });
    await run(root);
    expect(readFileSync(join(root, 'src/app.module.ts'), 'utf8')).toBe(
      "import { Module } from '@nestjs/common'\nimport { ChatGateway } from './chat/chat.gateway'\nimport { WsAuthVerifier } from './websockets/ws-auth'\n\n@Module({   providers: [ChatGateway, WsAuthVerifier] })\nexport class AppModule    {}\n",
    );
  });
});

describe('formatting without a usable prettier', () => {
  it('leaves the files as planned when the project has a config but prettier cannot be loaded', async () => {
    const root = makeProject(doubleQuotes);
    mkdirSync(join(root, 'node_modules', 'prettier'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'prettier', 'package.json'), '{ "name": "prettier", "main": "index.js" }\n');
    writeFileSync(join(root, 'node_modules', 'prettier', 'index.js'), "throw new Error('broken install');\n");
    await run(root);
    expect(readFileSync(join(root, 'src/chat/chat.gateway.ts'), 'utf8')).toContain("from '@nestjs/common';");
  });
});

describe('the prettier worker', () => {
  it('never keeps the CLI alive: a run with nothing to format exits as soon as it is done', () => {
    const root = projectWithPrettier(doubleQuotes);
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'ws-scaffold.js'), ...args, '--cwd', root, '--skip-install', '--yes'], { encoding: 'utf8', timeout: 20_000 });
    expect(cli(['add-gateway', 'chat']).status).toBe(0);
    const again = cli(['add-gateway', 'chat']);
    expect(again.signal, 'killed by the timeout: the process did not exit').toBeNull();
    expect(again.stdout).toContain('Nothing to do');
  });
});
