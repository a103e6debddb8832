import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerator } from '../../src/commands/run';
import { eventGenerator } from '../../src/generators/event/event.generator';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { namespaceGenerator } from '../../src/generators/namespace/namespace.generator';
import { roomGenerator } from '../../src/generators/room/room.generator';
import { FIXTURES, makeProject } from '../support/projects';
import { collectionPath, schematicRunner, treeOf } from '../support/schematics';

const nestCliKeys = { language: 'ts', sourceRoot: 'src', spec: true, flat: false, specFileSuffix: 'spec', format: false, collection: 'ws-scaffold', skipImport: false };

/** A project with a gateway (no prettier config: prettier resolves from real paths, see ws-gateway.test.ts). */
async function projectWithGateway(): Promise<{ root: string; files: Record<string, string> }> {
  const { '.prettierrc': _prettierrc, ...files } = FIXTURES['esm-vitest'];
  const root = makeProject(files);
  await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true });
  const all: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else all[relative(root, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return { root, files: all };
}

describe('ws-event, ws-room and ws-namespace schematics', () => {
  it('ws-namespace writes what add-namespace writes, byte for byte', async () => {
    const { root, files } = await projectWithGateway();
    const runner = schematicRunner();
    const result = await runner.runSchematic('ws-namespace', { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$', skipInstall: true, ...nestCliKeys }, treeOf(files));
    await runGenerator(namespaceGenerator, { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$' }, { cwd: root, skipInstall: true });
    for (const path of ['src/tenant/tenant.gateway.ts', 'src/tenant/tenant.events.ts', 'src/tenant/tenant.gateway.spec.ts', 'src/app.module.ts', 'src/websockets/namespaces.ts', 'ws-scaffold.json']) {
      expect(result.readContent(path)).toBe(readFileSync(join(root, path), 'utf8'));
    }
  });

  it('ws-event writes what add-event writes, byte for byte', async () => {
    const { root, files } = await projectWithGateway();
    const runner = schematicRunner();
    const result = await runner.runSchematic('ws-event', { name: 'chat:send', gateway: 'chat', fields: 'text:string, roomId:string?', skipInstall: true, ...nestCliKeys }, treeOf(files));
    await runGenerator(eventGenerator, { event: 'chat:send', gateway: 'chat', fields: ['text:string', 'roomId:string?'] }, { cwd: root, skipInstall: true });
    for (const path of ['src/chat/chat.gateway.ts', 'src/chat/chat.events.ts', 'ws-scaffold.json']) {
      expect(result.readContent(path)).toBe(readFileSync(join(root, path), 'utf8'));
    }
    expect(result.readContent('src/chat/chat.gateway.ts')).toContain("@SubscribeMessage('chat:send')");
  });

  it('without a gateway (nest g cannot pass one), ws-event and ws-room use the only gateway, as the CLI does', async () => {
    const { root, files } = await projectWithGateway();
    const runner = schematicRunner();
    const event = await runner.runSchematic('ws-event', { name: 'typing', skipInstall: true, ...nestCliKeys }, treeOf(files));
    const room = await runner.runSchematic('ws-room', { name: 'project', skipInstall: true, ...nestCliKeys }, event);
    await runGenerator(eventGenerator, { event: 'typing' }, { cwd: root, skipInstall: true });
    await runGenerator(roomGenerator, { room: 'project' }, { cwd: root, skipInstall: true });
    for (const path of ['src/chat/chat.gateway.ts', 'src/chat/chat.events.ts', 'ws-scaffold.json']) {
      expect(room.readContent(path)).toBe(readFileSync(join(root, path), 'utf8'));
    }
    const manifest = JSON.parse(room.readContent('ws-scaffold.json'));
    expect(manifest.artefacts.map((a: { kind: string; name: string }) => `${a.kind} ${a.name}`)).toEqual(['gateway chat', 'event chat:typing', 'room chat:project']);
  });

  it('ws-room writes what add-room writes, byte for byte', async () => {
    const { root, files } = await projectWithGateway();
    const runner = schematicRunner();
    const result = await runner.runSchematic('ws-room', { name: 'project', gateway: 'chat', skipInstall: true, ...nestCliKeys }, treeOf(files));
    await runGenerator(roomGenerator, { room: 'project', gateway: 'chat' }, { cwd: root, skipInstall: true });
    for (const path of ['src/chat/chat.gateway.ts', 'src/chat/chat.events.ts', 'ws-scaffold.json']) {
      expect(result.readContent(path)).toBe(readFileSync(join(root, path), 'utf8'));
    }
  });

  it('reports a reserved event name in one line and changes nothing', async () => {
    const { files } = await projectWithGateway();
    const runner = schematicRunner();
    const logs: string[] = [];
    runner.logger.subscribe((entry) => logs.push(entry.message));
    const result = await runner.runSchematic('ws-event', { name: 'disconnect', gateway: 'chat', skipInstall: true }, treeOf(files));
    expect(logs.join('\n')).toContain('ws-scaffold: "disconnect" is a reserved event name');
    expect(result.readContent('src/chat/chat.gateway.ts')).toBe(files['src/chat/chat.gateway.ts']);
  });

  it('are listed with their aliases', () => {
    const json = JSON.parse(readFileSync(collectionPath, 'utf8'));
    expect(json.schematics['ws-event'].aliases).toEqual(['wse']);
    expect(json.schematics['ws-room'].aliases).toEqual(['wsr']);
    expect(json.schematics['ws-namespace'].aliases).toEqual(['wsn']);
  });
});
