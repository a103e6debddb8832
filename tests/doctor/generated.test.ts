import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doctorProject } from '../../src/commands/doctor';
import { runGenerator } from '../../src/commands/run';
import { adapterGenerator } from '../../src/generators/adapter/adapter.generator';
import { clientGenerator } from '../../src/generators/client/client.generator';
import { eventGenerator } from '../../src/generators/event/event.generator';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { initGenerator } from '../../src/generators/init/init.generator';
import { namespaceGenerator } from '../../src/generators/namespace/namespace.generator';
import { roomGenerator } from '../../src/generators/room/room.generator';
import { FIXTURES, makeProject } from '../support/projects';

/**
 * No false alarms on ws-scaffold's own output: every generator, with its options, on both
 * transports and both Nest majors, and doctor finds nothing after each step. Whatever the templates
 * become, this holds the rules to what the traps are, not to what the templates say today.
 */
type Step = [label: string, run: (cwd: string) => Promise<unknown>];
const step = <O>(label: string, generator: Parameters<typeof runGenerator<O>>[0], options: O): Step => [
  label,
  (cwd) => runGenerator(generator, options, { cwd, skipInstall: true }),
];

/** A project with this package linked into node_modules, as after `npm i -D ws-scaffold` (init checks it resolves). */
function projectWithUsInstalled(fixture: keyof typeof FIXTURES): string {
  const root = makeProject({ ...FIXTURES[fixture], 'nest-cli.json': '{\n  "collection": "@nestjs/schematics",\n  "sourceRoot": "src"\n}\n' });
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(join(__dirname, '..', '..'), join(root, 'node_modules', 'ws-scaffold'), 'dir');
  return root;
}

async function expectCleanAfterEach(root: string, steps: Step[], gateways: number): Promise<void> {
  expect(doctorProject(root).findings).toEqual([]);
  for (const [label, run] of steps) {
    await run(root);
    const result = doctorProject(root, { failOn: 'info' });
    expect({ after: label, findings: result.findings, incomplete: result.incomplete }).toEqual({ after: label, findings: [], incomplete: [] });
    expect(result.exitCode).toBe(0);
  }
  // The rules saw the gateways: a scan that found nothing would be clean too.
  expect(doctorProject(root).gateways).toBe(gateways);
}

const NEST = [
  { major: 11, fixture: 'cjs-jest' },
  { major: 12, fixture: 'esm-vitest' },
] as const;

describe.each(NEST)('doctor on everything ws-scaffold generates, Nest $major', ({ fixture }) => {
  it('socket.io: every generator and option, then every adapter kind', async () => {
    const root = projectWithUsInstalled(fixture);
    await expectCleanAfterEach(root, [
      step('add-gateway chat', gatewayGenerator, { name: 'chat' }),
      step('add-gateway feed --no-auth', gatewayGenerator, { name: 'feed', auth: false }),
      step('add-gateway live --throttle', gatewayGenerator, { name: 'live', throttle: true }),
      step('add-gateway lobby --namespace /', gatewayGenerator, { name: 'lobby', namespace: '/' }),
      step('add-event typing', eventGenerator, { event: 'typing', gateway: 'chat', fields: ['draft:boolean'] }),
      step('add-event chat:send --broadcast', eventGenerator, { event: 'chat:send', gateway: 'chat', fields: ['text:string', 'roomId:string?'], broadcast: true }),
      step('add-event ping (no fields)', eventGenerator, { event: 'ping', gateway: 'feed' }),
      step('add-room project', roomGenerator, { room: 'project', gateway: 'chat' }),
      step('add-room board --pattern', roomGenerator, { room: 'board', gateway: 'live', pattern: 'org:{orgId}:board:{id}' }),
      step('add-namespace admin', namespaceGenerator, { name: 'admin' }),
      step('add-namespace tenant --pattern', namespaceGenerator, { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$' }),
      step('add-room team --presence on the dynamic namespace', roomGenerator, { room: 'team', gateway: 'tenant', presence: true }),
      step('add-client chat', clientGenerator, { gateway: 'chat' }),
      step('init', initGenerator, {}),
      step('add-adapter redis', adapterGenerator, { kind: 'redis' }),
      step('add-adapter redis-sharded', adapterGenerator, { kind: 'redis-sharded' }),
      step('add-adapter redis-streams', adapterGenerator, { kind: 'redis-streams' }),
      step('add-adapter postgres', adapterGenerator, { kind: 'postgres' }),
    ], 6);
  });

  it('ws: add-adapter ws, then gateways with and without authentication', async () => {
    const root = projectWithUsInstalled(fixture);
    await expectCleanAfterEach(root, [
      step('add-adapter ws', adapterGenerator, { kind: 'ws' }),
      step('add-gateway chat', gatewayGenerator, { name: 'chat' }),
      step('add-gateway feed --no-auth --ws-path /live-feed', gatewayGenerator, { name: 'feed', auth: false, wsPath: '/live-feed' }),
    ], 2);
  });

  it('ws: add-gateway --transport ws on an app with no adapter yet', async () => {
    const root = projectWithUsInstalled(fixture);
    await expectCleanAfterEach(root, [step('add-gateway chat --transport ws', gatewayGenerator, { name: 'chat', transport: 'ws' })], 1);
  });
});

describe('doctor on what ws-scaffold generates in the other fixture projects', () => {
  it.each(['crlf-tabs', 'nested-module'] as const)('the %s fixture: a gateway, an event, a room, an adapter', async (other) => {
    const root = projectWithUsInstalled(other);
    await expectCleanAfterEach(root, [
      step('add-gateway chat', gatewayGenerator, { name: 'chat', ...(other === 'nested-module' ? { path: 'users' } : {}) }),
      step('add-event typing', eventGenerator, { event: 'typing', gateway: 'chat', fields: ['draft:boolean'] }),
      step('add-room project', roomGenerator, { room: 'project', gateway: 'chat' }),
      step('add-adapter redis', adapterGenerator, { kind: 'redis' }),
    ], 1);
  });

  it('a monorepo: the nest-cli.json project asked for, and only that one', async () => {
    const root = makeProject(FIXTURES.monorepo);
    await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, project: 'admin', skipInstall: true });
    const admin = doctorProject(root, { project: 'admin', failOn: 'info' });
    expect({ gateways: admin.gateways, findings: admin.findings }).toEqual({ gateways: 1, findings: [] });
    expect(doctorProject(root).gateways).toBe(0); // the default project, apps/api, has none
  });
});
