import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runGenerator } from '../../src/commands/run';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { FIXTURES, makeProject } from '../support/projects';

const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');
const MAIN = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });

/** Runs `check` in-process from the build and lists which of the output modules it loaded. */
function loadedByCheck(root: string, extra: string[] = []) {
  const probe = `require(${JSON.stringify(MAIN)})
    .main(['node', 'ws-scaffold', 'check', '--cwd', ${JSON.stringify(root)}, ...${JSON.stringify(extra)}])
    .then((code) => {
      const loaded = Object.keys(require.cache);
      const has = (part) => loaded.some((file) => file.includes(part));
      console.error('loaded=' + JSON.stringify({ style: has('/dist/cli/style.js'), diff: has('/node_modules/diff/'), jsonc: has('/node_modules/jsonc-parser/') }));
      process.exitCode = code;
    });`;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { status: result.status, stdout: result.stdout, loaded: JSON.parse(/loaded=(.*)/.exec(result.stderr)?.[1] ?? 'null') };
}

describe('ws-scaffold check start-up', () => {
  let root: string;
  beforeAll(async () => {
    root = makeProject(FIXTURES['cjs-jest']);
    await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true });
  });

  it('a project in sync loads neither chalk, diff nor jsonc-parser, and prints the same plain line', () => {
    const inSync = loadedByCheck(root);
    expect(inSync.status).toBe(0);
    expect(inSync.stdout).toBe('In sync: 1 artefact(s) in ws-scaffold.json match the code.\n');
    expect(inSync.loaded).toEqual({ style: false, diff: false, jsonc: false });
    // Not a terminal: no colours, whatever the environment asks for (as before).
    for (const env of [{}, { NO_COLOR: '1' }, { FORCE_COLOR: '3' }] as Record<string, string>[]) {
      const result = cli(['check', '--cwd', root], env);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('In sync: 1 artefact(s) in ws-scaffold.json match the code.\n');
    }
    expect(JSON.parse(cli(['check', '--json', '--cwd', root]).stdout)).toEqual({ ok: true, command: 'check', clean: true, artefacts: 1, drift: [], exitCode: 0 });
  });

  it('drift and errors still load the output helpers and print without colours', async () => {
    const drifted = makeProject(FIXTURES['cjs-jest']);
    await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: drifted, skipInstall: true });
    rmSync(join(drifted, 'src/websockets/ws.config.ts'));
    const drift = loadedByCheck(drifted);
    expect(drift.status).toBe(2);
    expect(drift.loaded).toMatchObject({ style: true, diff: true });
    expect(drift.stdout).toContain('[owned-file-missing] gateway chat: src/websockets/ws.config.ts is missing');
    expect(drift.stdout).not.toContain('\u001b[');

    const noManifest = cli(['check', '--cwd', makeProject(FIXTURES['cjs-jest'])], { FORCE_COLOR: '3' });
    expect(noManifest.status).toBe(1);
    expect(noManifest.stderr).toMatch(/^Error: no ws-scaffold\.json in /);
    expect(noManifest.stderr).not.toContain('\u001b[');
  }, 60_000);
});
