import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

/** The built CLI in a separate process, no terminal: as scripts and CI run it. */
const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');
const cli = (args: string[], cwd: string) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

beforeAll(() => {
  expect(readFileSync(join(__dirname, '..', '..', 'dist', 'generators', 'event', 'event.options.js'), 'utf8')).toContain('add-event');
});

function projectWithGateway(): string {
  const root = makeProject(FIXTURES['cjs-jest']);
  expect(cli(['add-gateway', 'chat', '--skip-install'], root).code).toBe(0);
  return root;
}

describe('ws-scaffold add-event', () => {
  it('adds the handler and its types, then has nothing to do', () => {
    const root = projectWithGateway();
    const first = cli(['add-event', 'chat:send', '--gateway', 'chat', '--field', 'text:string', '--field', 'roomId:string?'], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('UPDATE src/chat/chat.gateway.ts');
    expect(first.stdout).toContain('UPDATE src/chat/chat.events.ts');
    expect(first.stdout).toContain("await socket.emitWithAck('chat:send', payload)");
    const after = snapshotTree(root);
    const second = cli(['add-event', 'chat:send', '--gateway', 'chat', '--field', 'text:string', '--field', 'roomId:string?'], root);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to do');
    expect(snapshotTree(root)).toEqual(after);
  });

  it('--dry-run --diff --json shows the inserted handler and writes nothing', () => {
    const root = projectWithGateway();
    const before = snapshotTree(root);
    const result = cli(['add-event', 'typing', '--gateway', 'src/chat/chat.gateway.ts', '--field', 'draft:boolean', '--broadcast', '--dry-run', '--diff', '--json'], root);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ ok: true, command: 'add-event', dryRun: true, applied: false, exitCode: 0 });
    const gatewayDiff = json.changes.find((c: { path: string }) => c.path === 'src/chat/chat.gateway.ts').diff;
    expect(gatewayDiff).toContain("+  @SubscribeMessage('typing')");
    expect(gatewayDiff).toContain("+    this.server.except(client.id).emit('typing', { draft: payload.draft, from: client.id });");
    expect(snapshotTree(root)).toEqual(before);
  });

  it('exits 1 on a reserved event name, naming it, with zero bytes changed', () => {
    const root = projectWithGateway();
    const before = snapshotTree(root);
    for (const event of ['disconnect', 'exception', 'connect_error', 'newListener']) {
      const result = cli(['add-event', event, '--gateway', 'chat'], root);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`"${event}" is a reserved event name`);
    }
    expect(cli(['add-event', 'typing', '--gateway', 'chat', '--ack', '--broadcast'], root).stderr).toContain('exclude each other');
    expect(snapshotTree(root)).toEqual(before);
  });

  it('without --gateway: the only gateway; with several, exit 1 naming them and zero bytes changed', () => {
    const root = projectWithGateway();
    const dryRun = cli(['add-event', 'typing', '--dry-run'], root);
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('UPDATE src/chat/chat.gateway.ts');

    expect(cli(['add-gateway', 'admin', '--skip-install'], root).code).toBe(0);
    const before = snapshotTree(root);
    for (const command of [['add-event', 'typing'], ['add-room', 'project'], ['add-client']]) {
      const result = cli(command, root);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('missing --gateway <name|file>: the project has 2 gateways (chat, admin); name one.');
    }
    expect(snapshotTree(root)).toEqual(before);
  });

  it('exits 3 with the handler to paste when the event is handled with another shape', () => {
    const root = projectWithGateway();
    const file = join(root, 'src/chat/chat.gateway.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("@SubscribeMessage('message')", "@SubscribeMessage('chat:send')"));
    const before = snapshotTree(root);
    const result = cli(['add-event', 'chat:send', '--gateway', 'chat', '--field', 'text:string'], root);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("Refused: handleMessage() already handles 'chat:send' with another shape");
    expect(result.stderr).toMatch(/src\/chat\/chat\.gateway\.ts:\d+/);
    expect(result.stderr).toContain('handleChatSend(');
    expect(snapshotTree(root)).toEqual(before);
  });
});
