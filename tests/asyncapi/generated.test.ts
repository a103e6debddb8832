import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAsyncApi } from '../../src/asyncapi/read';
import { asyncapiCommand } from '../../src/commands/asyncapi';
import { checkProject } from '../../src/commands/check';
import { runGenerator } from '../../src/commands/run';
import { adapterGenerator } from '../../src/generators/adapter/adapter.generator';
import { clientGenerator } from '../../src/generators/client/client.generator';
import { eventGenerator } from '../../src/generators/event/event.generator';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { namespaceGenerator } from '../../src/generators/namespace/namespace.generator';
import { roomGenerator } from '../../src/generators/room/room.generator';
import { BID_DTO, BID_DTO_FILE, BID_GATEWAY_FILE, bidGateway, withAuctionGatewayProvider, withRequiredCurrency } from '../support/auction-bid';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';
import { expectValid, operationLines } from './support';

type Step = [label: string, run: (cwd: string) => Promise<unknown>];
const step = <O>(label: string, generator: Parameters<typeof runGenerator<O>>[0], options: O): Step => [label, (cwd) => runGenerator(generator, options, { cwd, skipInstall: true })];

/** After each step the document is valid and fully read (no warning: ws-scaffold's own code is readable). */
async function expectReadableAfterEach(root: string, steps: Step[]): Promise<ReturnType<typeof readAsyncApi>> {
  let last = readAsyncApi(root);
  for (const [label, run] of steps) {
    await run(root);
    last = readAsyncApi(root);
    expect({ after: label, warnings: last.warnings }).toEqual({ after: label, warnings: [] });
    await expectValid(last.document);
  }
  return last;
}

const NEST = [
  { major: 11, fixture: 'cjs-jest', suffix: '' },
  { major: 12, fixture: 'esm-vitest', suffix: '.js' },
] as const;

describe.each(NEST)('asyncapi on what ws-scaffold generates, Nest $major', ({ fixture, suffix }) => {
  // Ten generator runs, each read into a document: long on two busy cores.
  it('socket.io: every generator; each event, room, namespace and ack is in the document', async () => {
    const root = makeProject(FIXTURES[fixture]);
    const { document } = await expectReadableAfterEach(root, [
      step('add-gateway chat', gatewayGenerator, { name: 'chat' }),
      step('add-gateway feed --no-auth', gatewayGenerator, { name: 'feed', auth: false }),
      step('add-event typing --broadcast', eventGenerator, { event: 'typing', gateway: 'chat', fields: ['draft:boolean'], broadcast: true }),
      step('add-event chat:send', eventGenerator, { event: 'chat:send', gateway: 'chat', fields: ['text:string', 'roomId:string?'] }),
      step('add-room lobby --presence', roomGenerator, { room: 'lobby', gateway: 'chat', presence: true }),
      step('add-room board --pattern', roomGenerator, { room: 'board', gateway: 'feed', pattern: 'org:{orgId}:board:{id}' }),
      step('add-namespace tenant --pattern', namespaceGenerator, { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$' }),
      step('add-room team --presence on the dynamic namespace', roomGenerator, { room: 'team', gateway: 'tenant', presence: true }),
      step('add-client chat', clientGenerator, { gateway: 'chat' }),
      step('add-adapter redis', adapterGenerator, { kind: 'redis' }),
    ]);
    expect(operationLines(document)).toEqual(
      [
        'receive /chat chat:send -> chat_send.ack',
        'receive /chat lobby:join -> lobby_join.ack',
        'receive /chat lobby:leave -> lobby_leave.ack',
        'receive /chat lobby:members -> lobby_members.ack',
        'receive /chat lobby:message -> lobby_message.ack',
        'receive /chat message -> message.ack',
        'receive /chat typing',
        // WsExceptionsFilter's answer to a failed request sent without an ack.
        'send /chat exception',
        'send /chat typing',
        'send lobby:{id} lobby:joined',
        'send lobby:{id} lobby:message',
        'receive /feed board:join -> board_join.ack',
        'receive /feed board:leave -> board_leave.ack',
        'receive /feed board:message -> board_message.ack',
        'receive /feed message -> message.ack',
        'send /feed exception',
        'send org:{orgId}:board:{id} board:message',
        // add-namespace --pattern writes an `announce` broadcast to the sender's child namespace.
        'receive /tenant-{tenant} announce',
        'send /tenant-{tenant} announce',
        'send /tenant-{tenant} exception',
        'receive /tenant-{tenant} message -> message.ack',
        'receive /tenant-{tenant} team:join -> team_join.ack',
        'receive /tenant-{tenant} team:leave -> team_leave.ack',
        'receive /tenant-{tenant} team:members -> team_members.ack',
        'receive /tenant-{tenant} team:message -> team_message.ack',
        'send team:{id} team:joined',
        'send team:{id} team:message',
      ].sort(),
    );
    // The handshake check of the gateways that authenticate; none on the --no-auth one.
    const operations = document.operations as Record<string, { channel: { $ref: string }; security?: unknown[] }>;
    const secured = (channel: string) => Object.values(operations).filter((op) => op.channel.$ref === `#/channels/${channel}`).every((op) => op.security?.length === 1);
    expect([secured('chat'), secured('tenant'), Object.values(operations).some((op) => op.channel.$ref === '#/channels/feed' && op.security)]).toEqual([true, true, false]);
    void suffix;
  }, 120_000);

  it('ws: add-adapter ws, then gateways with and without authentication', async () => {
    const root = makeProject(FIXTURES[fixture]);
    const { document } = await expectReadableAfterEach(root, [
      step('add-adapter ws', adapterGenerator, { kind: 'ws' }),
      step('add-gateway chat', gatewayGenerator, { name: 'chat' }),
      step('add-gateway feed --no-auth --ws-path /live-feed', gatewayGenerator, { name: 'feed', auth: false, wsPath: '/live-feed' }),
    ]);
    expect(operationLines(document).filter((line) => line.startsWith('receive'))).toEqual([
      'receive /chat join -> join_ack',
      'receive /chat leave -> leave_ack',
      'receive /chat message -> message_ack',
      'receive /live-feed join -> join_ack',
      'receive /live-feed leave -> leave_ack',
      'receive /live-feed message -> message_ack',
    ]);
    const schemes = Object.keys((document.components as { securitySchemes?: object }).securitySchemes ?? {});
    expect(schemes).toEqual(['bearerToken']);
  });
});

describe('the issue\'s scenario, in process: a contract of generated and hand-written gateways, and a breaking change', () => {
  it('asyncapi --out asyncapi.json holds all of them; a required field added to the DTO makes check exit 2, breaking', async () => {
    const root = makeProject(FIXTURES['esm-vitest']);
    for (const [, run] of [
      step('add-gateway chat', gatewayGenerator, { name: 'chat' }),
      step('add-room lobby --presence', roomGenerator, { room: 'lobby', gateway: 'chat', presence: true }),
      step('add-event typing', eventGenerator, { event: 'typing', gateway: 'chat', fields: ['draft:boolean'] }),
    ]) await run(root);
    mkdirSync(join(root, 'src/auction'));
    writeFileSync(join(root, BID_DTO_FILE), BID_DTO);
    writeFileSync(join(root, BID_GATEWAY_FILE), bidGateway('.js'));
    writeFileSync(join(root, 'src/app.module.ts'), withAuctionGatewayProvider(readFileSync(join(root, 'src/app.module.ts'), 'utf8'), '.js'));

    const written = await asyncapiCommand(root, { out: 'asyncapi.json' });
    expect(written.written).toEqual({ path: 'asyncapi.json', changed: true, recorded: false });
    const contract = JSON.parse(readFileSync(join(root, 'asyncapi.json'), 'utf8'));
    await expectValid(contract);
    const lines = operationLines(contract);
    for (const expected of ['receive /chat message -> message.ack', 'receive /chat lobby:join -> lobby_join.ack', 'receive /chat typing -> typing.ack', 'receive /auction bid -> bid.ack', 'send /auction bid:placed', 'send lobby:{id} lobby:joined']) expect(lines).toContain(expected);

    expect((await checkProject(root, { contract: { file: 'asyncapi.json' } })).failing).toBe(false);
    writeFileSync(join(root, BID_DTO_FILE), withRequiredCurrency(BID_DTO));
    const before = snapshotTree(root);
    const result = await checkProject(root, { contract: { file: 'asyncapi.json' } });
    expect(snapshotTree(root)).toEqual(before);
    expect(result.failing).toBe(true);
    const line = withRequiredCurrency(BID_DTO).split('\n').findIndex((l) => l.includes('currency!')) + 1;
    expect(result.items).toEqual([
      {
        artefact: 'contract asyncapi.json',
        kind: 'contract-changed',
        path: BID_DTO_FILE,
        line,
        message: "breaking: 'bid' on /auction: required field currency was added (clients that leave it out are refused)",
        fix: 'ws-scaffold sync (rewrites asyncapi.json from the code), or change the code back',
        repairable: true,
        event: 'bid',
        pointer: '/components/schemas/BidDto/properties/currency',
        change: 'breaking',
      },
    ]);
    // sync rewrites the contract; then check is clean.
    await checkProject(root, { repair: true, contract: { file: 'asyncapi.json' } });
    expect((await checkProject(root, { contract: { file: 'asyncapi.json' } })).items).toEqual([]);
  });
});
