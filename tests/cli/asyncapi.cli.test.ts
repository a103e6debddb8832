import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STYLES } from '../asyncapi/styles';
import { makeProject, snapshotTree } from '../support/projects';

const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');
const cli = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });

describe('ws-scaffold asyncapi (built CLI)', () => {
  it('prints the document on stdout, warnings on stderr, and --format yaml says the same', () => {
    const root = makeProject(STYLES.unreadable);
    const json = cli(['asyncapi', '--cwd', root]);
    expect(json.status).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document.asyncapi).toBe('3.0.0');
    expect(json.stderr).toMatch(/^warning: src\/legacy\/legacy\.gateway\.ts:\d+: /m);
    const yaml = cli(['asyncapi', '--format', 'yaml', '--cwd', root]);
    expect(yaml.stdout.startsWith('asyncapi: "3.0.0"\n')).toBe(true);
  });

  it('bad input is one line, exit 1, and zero bytes changed', () => {
    const root = makeProject(STYLES.constants);
    const before = snapshotTree(root);
    for (const [args, message] of [
      [['--out', 'contract.txt'], /^Error: --out contract\.txt: the contract is written as \.json, \.yaml or \.yml\.\n$/],
      // --out passes the rule every project path passes.
      [['--out', '../outside.json'], /^Error: --out \.\.\/outside\.json: "\." and "\.\." are not allowed; name the folder directly\.\n$/],
      [['--out', '/tmp/asyncapi.json'], /^Error: --out \/tmp\/asyncapi\.json: an absolute path is not allowed; give a path relative to the project\.\n$/],
      [['--out', 'node_modules/x.json'], /^Error: --out node_modules\/x\.json is inside node_modules\/, which ws-scaffold never writes to\.\n$/],
      [['--record'], /^Error: --record needs --out <file>/],
      [['--out', 'a.json', '--format', 'yaml'], /^Error: --format is for stdout/],
    ] as const) {
      const result = cli(['asyncapi', ...args, '--cwd', root]);
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({ args, status: 1, stdout: '' });
      expect(result.stderr).toMatch(message);
    }
    expect(snapshotTree(root)).toEqual(before);
  });

  it('check --contract works without ws-scaffold.json: clean, then exit 2 on a removed event, 0 with --fail-on breaking on an added one', () => {
    const root = makeProject(STYLES.constants);
    expect(cli(['asyncapi', '--out', 'asyncapi.yaml', '--cwd', root]).status).toBe(0);
    expect(cli(['check', '--contract', 'asyncapi.yaml', '--cwd', root]).stdout).toBe('In sync: the code matches asyncapi.yaml.\n');
    const gateway = join(root, 'src/orders/orders.gateway.ts');
    const text = readFileSync(gateway, 'utf8');
    writeFileSync(gateway, text.replace("  @SubscribeMessage(OrderEvents.Cancel)", "  @SubscribeMessage('order:new')\n  fresh(): void {}\n\n  @SubscribeMessage(OrderEvents.Cancel)"));
    const added = cli(['check', '--contract', 'asyncapi.yaml', '--fail-on', 'breaking', '--cwd', root]);
    expect(added.status).toBe(0);
    expect(added.stdout).toContain("~ [contract-changed] contract asyncapi.yaml: compatible: 'order:new' on /orders is new: clients may send it");
    writeFileSync(gateway, text.replace('@SubscribeMessage(OrderEvents.Cancel)', '// no longer served'));
    const removed = cli(['check', '--contract', 'asyncapi.yaml', '--fail-on', 'breaking', '--format', 'github', '--cwd', root]);
    expect(removed.status).toBe(2);
    expect(removed.stdout).toMatch(/^::error file=src\/orders\/orders\.gateway\.ts,line=\d+,title=ws-scaffold check%3A contract-changed::contract asyncapi\.yaml: breaking: 'order:cancel' on \/orders is gone/m);
    expect(cli(['sync', '--contract', 'asyncapi.yaml', '--cwd', root]).status).toBe(0);
    expect(cli(['check', '--contract', 'asyncapi.yaml', '--cwd', root]).status).toBe(0);
  });
});
