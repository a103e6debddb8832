/**
 * asyncapi end to end on projects made by the real `nest new` (Nest 11 on Node 20, Nest 12 on
 * Node 24), with the built CLI: after every ws-scaffold generator that grows a socket.io gateway
 * plus a hand-written gateway on /auction with a validated `bid` DTO, `asyncapi --out` writes a
 * document the official parser accepts with zero errors that holds all of them; the project still
 * compiles; a required field added to the DTO makes `check --contract` exit 2 with a breaking
 * item at its line (GitHub annotation included), `--fail-on breaking` too, and `sync` rewrites the
 * contract. One project per major, reused for every step; dependencies installed once. The same
 * project also holds what every generator writes to the lint `nest new` set up (ESLint with its
 * type-checked rules on Nest 11, oxlint --type-aware on Nest 12): zero errors, zero warnings.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLintClean, freshProject, run, type FreshProject, type NestMajor } from './support';
import { BID_DTO, BID_DTO_FILE, BID_GATEWAY_FILE, bidGateway, withAuctionGatewayProvider, withRequiredCurrency } from '../support/auction-bid';
import { expectValid, operationLines } from '../asyncapi/support';

const CLI = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');

describe.each([11, 12] as NestMajor[])('asyncapi on a real Nest %i project', (major) => {
  let project: FreshProject;
  const sh = (cmd: string, args: string[], allowFailure = false) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs: 300_000, allowFailure });
  const wsScaffold = (args: string[], allowFailure = false) => sh('node', [CLI, ...args], allowFailure);
  const read = (path: string) => readFileSync(join(project.dir, path), 'utf8');
  const suffix = major === 12 ? '.js' : '';

  beforeAll(async () => {
    project = await freshProject(major, `asyncapi-${major}`);
  });

  afterAll(async () => {
    await project?.cleanup();
  });

  it('after every generator and a hand-written gateway, the contract holds them all and the official parser accepts it', async () => {
    await wsScaffold(['add-gateway', 'chat', '--skip-install']);
    await wsScaffold(['add-gateway', 'feed', '--no-auth', '--skip-install']);
    await wsScaffold(['add-event', 'typing', '--gateway', 'chat', '--field', 'draft:boolean']);
    await wsScaffold(['add-event', 'chat:send', '--gateway', 'chat', '--field', 'text:string', '--broadcast']);
    await wsScaffold(['add-room', 'lobby', '--gateway', 'chat', '--presence']);
    await wsScaffold(['add-namespace', 'tenant', '--pattern', '^/tenant-[a-z0-9]+$', '--skip-install']);
    await wsScaffold(['add-room', 'team', '--gateway', 'tenant']);
    await wsScaffold(['add-client', '--gateway', 'chat', '--skip-install']);
    await wsScaffold(['add-client', '--gateway', 'tenant', '--skip-install']);
    await wsScaffold(['add-adapter', 'redis', '--skip-install']);
    // One install for everything the generators added (socket.io, class-validator, ...).
    await sh('npm', ['install', '--no-audit', '--no-fund']);
    // The lint nest new set up, on what ws-scaffold wrote or edited, before the hand-written
    // gateway goes in (main.ts aside: nest new's own `bootstrap();` warns on Nest 11).
    const generated = ['src/chat', 'src/feed', 'src/tenant', 'src/websockets', 'src/app.module.ts'];
    await expectLintClean(sh, major, generated);
    mkdirSync(join(project.dir, 'src/auction'));
    writeFileSync(join(project.dir, BID_DTO_FILE), BID_DTO);
    writeFileSync(join(project.dir, BID_GATEWAY_FILE), bidGateway(suffix));
    writeFileSync(join(project.dir, 'src/app.module.ts'), withAuctionGatewayProvider(read('src/app.module.ts'), suffix));
    await sh('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);

    const result = await wsScaffold(['asyncapi', '--out', 'asyncapi.json', '--record']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Wrote asyncapi\.json: \d+ channel\(s\), \d+ operation\(s\) from 4 gateway\(s\)\. Recorded in ws-scaffold\.json/);
    const contract = JSON.parse(read('asyncapi.json'));
    await expectValid(contract);
    const lines = operationLines(contract);
    for (const expected of [
      'receive /chat message -> message.ack',
      'receive /chat typing -> typing.ack',
      'receive /chat chat:send',
      'send /chat chat:send',
      'receive /chat lobby:join -> lobby_join.ack',
      'receive /chat lobby:members -> lobby_members.ack',
      'send lobby:{id} lobby:joined',
      'receive /tenant-{tenant} message -> message.ack',
      'receive /auction bid -> bid.ack',
      'send /auction bid:placed',
    ]) expect(lines).toContain(expected);
    // stdout and YAML say the same.
    expect(JSON.parse((await wsScaffold(['asyncapi'])).stdout)).toEqual(contract);
    const check = await wsScaffold(['check']);
    expect(check.stdout).toMatch(/^In sync: \d+ artefact\(s\) in ws-scaffold\.json match the code, and the code matches asyncapi\.json\.\n$/);
  });

  it('a required field added to the hand-written DTO: check --contract exits 2 and classifies it as breaking, at its line', async () => {
    writeFileSync(join(project.dir, BID_DTO_FILE), withRequiredCurrency(BID_DTO));
    const line = withRequiredCurrency(BID_DTO).split('\n').findIndex((l) => l.includes('currency!')) + 1;
    const text = await wsScaffold(['check', '--contract', 'asyncapi.json'], true);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain("✗ [contract-changed] contract asyncapi.json: breaking: 'bid' on /auction: required field currency was added");
    expect(text.stdout).toContain(`at ${BID_DTO_FILE}:${line}, event bid, /components/schemas/BidDto/properties/currency`);
    const json = JSON.parse((await wsScaffold(['check', '--json', '--fail-on', 'breaking'], true)).stdout);
    expect(json.exitCode).toBe(2);
    expect(json.drift).toEqual([expect.objectContaining({ kind: 'contract-changed', change: 'breaking', event: 'bid', pointer: '/components/schemas/BidDto/properties/currency', path: BID_DTO_FILE, line })]);
    const github = await wsScaffold(['check', '--format', 'github'], true);
    expect(github.code).toBe(2);
    expect(github.stdout).toContain(`::error file=${BID_DTO_FILE},line=${line},title=ws-scaffold check%3A contract-changed::`);

    await wsScaffold(['sync']);
    expect((await wsScaffold(['check'])).code).toBe(0);
    expect(JSON.parse(read('asyncapi.json')).components.schemas.BidDto.required).toEqual(['lot', 'amount', 'currency']);
  });
});
