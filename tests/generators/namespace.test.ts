import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/commands/check';
import { RefusalError, UsageError } from '../../src/errors';
import { runGenerator } from '../../src/commands/run';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { namespaceGenerator, type NamespaceOptions } from '../../src/generators/namespace/namespace.generator';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const settings = (cwd: string) => ({ cwd, skipInstall: true });
const addNamespace = (cwd: string, options: NamespaceOptions) => runGenerator(namespaceGenerator, options, settings(cwd));
const dynamic = { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$' };

describe('add-namespace on fixture projects', () => {
  for (const fixture of ['cjs-jest', 'esm-vitest'] as const) {
    it(`${fixture}: a static and a dynamic namespace, both in the registry; twice equals once; check stays clean`, async () => {
      const root = makeProject(FIXTURES[fixture]);
      await addNamespace(root, { name: '/admin' });
      expect(read(root, 'src/admin/admin.gateway.ts')).toContain("export const ADMIN_NAMESPACE = '/admin';");
      await addNamespace(root, dynamic);
      const gateway = read(root, 'src/tenant/tenant.gateway.ts');
      expect(gateway).toContain('export const TENANT_NAMESPACE = /^\\/tenant-[a-z0-9]+$/;');
      expect(gateway).toMatch(/type ParentNamespace = Namespace<\s*TenantClientToServerEvents,\s*TenantServerToClientEvents\s*>;/);
      expect(gateway).toContain('server!: ParentNamespace;');
      expect(gateway).toContain("client.nsp.except(client.id).emit('announce'");
      expect(gateway).not.toMatch(/this\.server\.(emit|to|in|except|fetchSockets)\b/);
      expect(read(root, 'src/tenant/tenant.events.ts')).toMatch(/announce: \(payload: TenantAnnounceBroadcast\) => void;/);
      expect(read(root, 'src/app.module.ts')).toMatch(/providers: \[AdminGateway, TenantGateway\]/);
      expect(read(root, 'src/websockets/secure-io.adapter.ts')).toContain('cleanupEmptyChildNamespaces: true');
      const registry = read(root, 'src/websockets/namespaces.ts');
      expect(registry).toContain("{ namespace: '/admin', gateway: 'AdminGateway' }");
      expect(registry).toContain("{ namespace: /^\\/tenant-[a-z0-9]+$/, gateway: 'TenantGateway' }");

      const after = snapshotTree(root);
      expect((await addNamespace(root, { name: '/admin' })).plan.changes).toEqual([]);
      expect((await addNamespace(root, dynamic)).plan.changes).toEqual([]);
      expect(snapshotTree(root)).toEqual(after);
      expect((await checkProject(root)).items).toEqual([]);
    });
  }

  it('add-gateway lists its namespace too, and a namespace served twice is an error that writes nothing', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await runGenerator(gatewayGenerator, { name: 'chat' }, settings(root));
    expect(read(root, 'src/websockets/namespaces.ts')).toContain("{ namespace: '/chat', gateway: 'ChatGateway' }");
    const before = snapshotTree(root);
    await expect(runGenerator(gatewayGenerator, { name: 'support', namespace: '/chat' }, settings(root))).rejects.toThrow(
      /namespace \/chat is already served by ChatGateway/,
    );
    await expect(addNamespace(root, { name: 'chat-two', pattern: '^/tenant-[a-z0-9]+$' })).resolves.toBeDefined();
    const again = snapshotTree(root);
    await expect(addNamespace(root, { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$' })).rejects.toThrow(/already served by ChatTwoGateway/);
    expect(snapshotTree(root)).toEqual(again);
    expect(before['src/websockets/namespaces.ts']).toBeDefined();
  });

  describe('a namespace a hand-written gateway serves is taken too', () => {
    const handWritten = (decorator: string, extra = '') =>
      `import { WebSocketGateway } from '@nestjs/websockets';\n${extra}\n@WebSocketGateway(${decorator})\nexport class LegacyGateway {}\n`;
    const cases: { shape: string; source: string; run: { name: string; namespace?: string; pattern?: string }; taken: boolean }[] = [
      { shape: "{ namespace: '/chat' }", source: handWritten("{ namespace: '/chat' }"), run: { name: 'live', namespace: '/chat' }, taken: true },
      { shape: "{ namespace: 'chat' } (no slash)", source: handWritten("{ namespace: 'chat' }"), run: { name: 'live', namespace: '/chat' }, taken: true },
      { shape: 'a const namespace', source: handWritten('{ namespace: CHAT }', "const CHAT = '/chat';"), run: { name: 'live', namespace: '/chat' }, taken: true },
      { shape: 'port 0 and options', source: handWritten("0, { namespace: '/chat' }"), run: { name: 'live', namespace: '/chat' }, taken: true },
      { shape: 'no namespace: /', source: handWritten("{ cors: { origin: '*' } }"), run: { name: 'board', namespace: '/' }, taken: true },
      { shape: 'no arguments: /', source: handWritten(''), run: { name: 'board', namespace: '/' }, taken: true },
      { shape: 'a RegExp namespace, overlapped by a pattern', source: handWritten('{ namespace: /^\\/tenant-\\d+$/ }'), run: { name: 'tenants', pattern: '^/tenant-[0-9]+$' }, taken: true },
      { shape: 'a static namespace a pattern matches', source: handWritten("{ namespace: '/tenant-1' }"), run: { name: 'tenants', pattern: '^/tenant-[0-9]+$' }, taken: true },
      { shape: 'a port of its own (another server)', source: handWritten("81, { namespace: '/chat' }"), run: { name: 'live', namespace: '/chat' }, taken: false },
      { shape: 'another namespace', source: handWritten("{ namespace: '/legacy' }"), run: { name: 'live', namespace: '/chat' }, taken: false },
    ];
    for (const c of cases) {
      it(`${c.shape}: ${c.taken ? 'refused, zero bytes changed' : 'not in the way'}`, async () => {
        const root = makeProject({ ...FIXTURES['cjs-jest'], 'src/legacy/deep/legacy.gateway.ts': c.source });
        const before = snapshotTree(root);
        const attempt = c.run.pattern ? addNamespace(root, { name: c.run.name, pattern: c.run.pattern }) : runGenerator(gatewayGenerator, { name: c.run.name, namespace: c.run.namespace }, settings(root));
        if (!c.taken) return void (await expect(attempt).resolves.toBeDefined());
        await expect(attempt).rejects.toThrow(/(already served by|overlaps .*, served by) LegacyGateway \(see src\/legacy\/deep\/legacy\.gateway\.ts:\d+\)/);
        await expect(attempt).rejects.toBeInstanceOf(UsageError);
        expect(snapshotTree(root)).toEqual(before);
      });
    }
  });

  describe('a gateway class name the project already has is refused: a second one would clash where both are imported', () => {
    const legacy = "import { WebSocketGateway } from '@nestjs/websockets';\n\n@WebSocketGateway({ namespace: '/legacy' })\nexport class ChatGateway {}\n";
    const runs = [
      { label: 'add-gateway chat', run: (root: string) => runGenerator(gatewayGenerator, { name: 'chat' }, settings(root)) },
      { label: 'add-gateway chat --no-main --skip-import', run: (root: string) => runGenerator(gatewayGenerator, { name: 'chat', main: false, skipImport: true }, settings(root)) },
      { label: 'add-namespace chat (static)', run: (root: string) => addNamespace(root, { name: 'chat' }) },
      { label: 'add-namespace chat --pattern', run: (root: string) => addNamespace(root, { name: 'chat', pattern: '^/chat-[a-z]+$' }) },
    ];
    for (const { label, run } of runs) {
      it(`${label}: exit 1 naming the existing class, zero bytes changed`, async () => {
        const root = makeProject({ ...FIXTURES['cjs-jest'], 'src/chat/chat/chat.gateway.ts': legacy });
        const before = snapshotTree(root);
        const attempt = run(root);
        await expect(attempt).rejects.toThrow(/a gateway class ChatGateway already exists \(src\/chat\/chat\/chat\.gateway\.ts:3\)/);
        await expect(attempt).rejects.toBeInstanceOf(UsageError);
        expect(snapshotTree(root)).toEqual(before);
      });
    }
  });

  for (const options of [{ name: 'admin' }, dynamic]) {
    it(`--skip-import (what a module refusal says to run) writes everything but the module edit: ${options.name}`, async () => {
      const root = makeProject(FIXTURES['cjs-jest']);
      const module = read(root, 'src/app.module.ts');
      const result = await addNamespace(root, { ...options, skipImport: true });
      expect(result.plan.changes.map((c) => c.path)).not.toContain('src/app.module.ts');
      expect(read(root, 'src/app.module.ts')).toBe(module);
      expect((await checkProject(root)).items).toEqual([]);
    });
  }

  it('refuses patterns that are not anchored, namespace-shaped regular expressions', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const before = snapshotTree(root);
    await expect(addNamespace(root, { name: 'tenant', pattern: 'tenant-.*' })).rejects.toBeInstanceOf(UsageError);
    await expect(addNamespace(root, { name: 'tenant', pattern: '^/tenant-[a-z+$' })).rejects.toThrow(/not a valid regular expression/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it('refuses namespaces (and gateways) in an app on the ws transport, writing nothing', async () => {
    const pkg = JSON.parse(FIXTURES['cjs-jest']['package.json']);
    pkg.dependencies['@nestjs/platform-ws'] = '^11.0.0';
    const main = FIXTURES['cjs-jest']['src/main.ts']
      .replace("import { AppModule } from './app.module';", "import { AppModule } from './app.module';\nimport { WsAdapter } from '@nestjs/platform-ws';")
      .replace('  await app.listen', '  app.useWebSocketAdapter(new WsAdapter(app));\n  await app.listen');
    const root = makeProject({ ...FIXTURES['cjs-jest'], 'package.json': JSON.stringify(pkg, null, 2), 'src/main.ts': main });
    const before = snapshotTree(root);
    await expect(addNamespace(root, { name: '/admin' })).rejects.toThrow(/uses WsAdapter .* does not support namespaces/);
    await expect(addNamespace(root, dynamic)).rejects.toBeInstanceOf(UsageError);
    // A ws gateway would do, but not behind the plain WsAdapter, which ignores its token check.
    await expect(runGenerator(gatewayGenerator, { name: 'chat' }, settings(root))).rejects.toBeInstanceOf(RefusalError);
    expect(snapshotTree(root)).toEqual(before);
  });
});
