import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGenerator } from '../../src/commands/run';
import { clientGenerator } from '../../src/generators/client/client.generator';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { namespaceGenerator } from '../../src/generators/namespace/namespace.generator';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const settings = (cwd: string) => ({ cwd, skipInstall: true });

describe('add-client', () => {
  it('writes a types-only client helper for a static gateway; twice equals once', async () => {
    const root = makeProject(FIXTURES['esm-vitest']);
    await runGenerator(gatewayGenerator, { name: 'chat' }, settings(root));
    const first = await runGenerator(clientGenerator, { gateway: 'chat' }, settings(root));
    expect(first.plan.dependenciesAdded).toEqual(['socket.io-client']);
    // Types only: a dev dependency, nothing the server ships.
    expect(JSON.parse(read(root, 'package.json')).devDependencies['socket.io-client']).toBe('^4.8.1');
    const client = read(root, 'src/chat/chat.client.ts');
    // Only type imports: nothing of the server side (Nest, class-validator) reaches a bundle.
    expect(client.match(/^import .*$/gm)?.every((line) => line.startsWith('import type'))).toBe(true);
    expect(client).toContain("} from './chat.events.js';");
    expect(client).toMatch(/export type ChatSocket = Socket<\s*ChatServerToClientEvents,\s*ChatClientToServerEvents\s*>;/);
    expect(client).toContain("export const CHAT_CLIENT_NAMESPACE = '/chat';");
    expect(client).toContain("emitWithAck('message'");
    const after = snapshotTree(root);
    expect((await runGenerator(clientGenerator, { gateway: 'chat' }, settings(root))).plan.changes).toEqual([]);
    expect(snapshotTree(root)).toEqual(after);
  });

  it('takes the child namespace for a dynamic gateway and checks it against the pattern', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    await runGenerator(namespaceGenerator, { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$' }, settings(root));
    await runGenerator(clientGenerator, { gateway: 'src/tenant/tenant.gateway.ts' }, settings(root));
    const client = read(root, 'src/tenant/tenant.client.ts');
    expect(client).toContain('export const TENANT_CLIENT_NAMESPACE = /^\\/tenant-[a-z0-9]+$/;');
    expect(client).toMatch(/baseUrl: string,\s+namespace: string,\s+token: string,/);
    expect(client).toContain("'/tenant-a'");
  });
});
