import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runGenerator } from '../../src/commands/run';
import { RULES } from '../../src/doctor/registry';
import { gatewayGenerator } from '../../src/generators/gateway/gateway.generator';
import { AUCTION_FILE, AUCTION_FINDINGS, AUCTION_GATEWAY, withAuctionProvider } from '../support/hand-written';
import { FIXTURES, makeProject, snapshotTree } from '../support/projects';

const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');
const MAIN = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const cli = (args: string[], cwd?: string) => {
  const result = spawnSync(process.execPath, [BIN, ...args, ...(cwd ? ['--cwd', cwd] : [])], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
/** The built CLI in this process (its commands require() their modules when they run): one load of ts-morph for many runs. */
const main = (argv: string[]): Promise<number> => (require(MAIN) as typeof import('../../src/cli/main')).main(argv);
async function inProcess(args: string[], cwd?: string): Promise<{ code: number; stdout: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = await main(['node', 'ws-scaffold', ...args, ...(cwd ? ['--cwd', cwd] : [])]);
    return { code, stdout: log.mock.calls.map((c) => `${String(c[0])}\n`).join('') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
const found = (json: string) => (JSON.parse(json) as { findings: { rule: string; file: string; line: number }[] }).findings.map((f) => `${f.rule} ${f.file}:${f.line}`).sort();

/** A cjs project with ws-scaffold's chat gateway, then (with `auction`) the hand-written one beside it. */
async function chatProject(auction: boolean): Promise<string> {
  const root = makeProject(FIXTURES['cjs-jest']);
  await runGenerator(gatewayGenerator, { name: 'chat' }, { cwd: root, skipInstall: true });
  if (auction) {
    mkdirSync(join(root, 'src/auction'));
    writeFileSync(join(root, AUCTION_FILE), AUCTION_GATEWAY);
    writeFileSync(join(root, 'src/app.module.ts'), withAuctionProvider(readFileSync(join(root, 'src/app.module.ts'), 'utf8')));
  }
  return root;
}

/** Findings below error only: a positional handler (warning) on a server without a size limit (info). */
const MILD_GATEWAY = `import { UseFilters } from '@nestjs/common';
import { BaseWsExceptionFilter, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';

@WebSocketGateway({
  namespace: '/feed',
  allowRequest: (request, callback) => callback(null, request.headers.origin === 'https://app.example.com'),
})
@UseFilters(new BaseWsExceptionFilter({ includeCause: false }))
export class FeedGateway {
  afterInit(server: Namespace): void {
    server.use((socket, next) => next(socket.handshake.auth?.token ? undefined : new Error('unauthorized')));
  }

  @SubscribeMessage('read')
  IGNOREhandleRead(client: Socket, id: string) {
    return { by: client.id, id };
  }
}
`;
function mildProject(ignore = ''): string {
  const pkg = JSON.parse(FIXTURES['cjs-jest']['package.json']);
  Object.assign(pkg.dependencies, { '@nestjs/websockets': '^11.0.0', '@nestjs/platform-socket.io': '^11.0.0' });
  return makeProject({
    ...FIXTURES['cjs-jest'],
    'package.json': JSON.stringify(pkg, null, 2),
    'src/feed.gateway.ts': MILD_GATEWAY.replace('IGNORE', ignore ? `// ws-scaffold-ignore ${ignore} -- reads are public\n  ` : ''),
    'src/app.module.ts': FIXTURES['cjs-jest']['src/app.module.ts'].replace("import { Module } from '@nestjs/common';", "import { Module } from '@nestjs/common';\nimport { FeedGateway } from './feed.gateway';").replace('providers: []', 'providers: [FeedGateway]'),
  });
}

beforeAll(() => {
  expect(readFileSync(MAIN, 'utf8')).toContain('doctor');
});

describe('ws-scaffold doctor', () => {
  it('--help and --explain load no ts-morph', () => {
    for (const args of [['doctor', '--help'], ['doctor', '--explain', 'token-in-query']]) {
      const probe = `require(${JSON.stringify(MAIN)}).main(['node', 'ws-scaffold', ...${JSON.stringify(args)}])
        .then((code) => { console.error('ts-morph=' + Object.keys(require.cache).some((k) => k.includes('ts-morph'))); process.exitCode = code; });`;
      const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stderr).toContain('ts-morph=false');
    }
    expect(cli(['doctor', '--help']).stdout).toContain('--fail-on <severity>');
  });

  it("on ws-scaffold's gateway: exit 0; with a hand-written gateway beside it: exit 2 and a finding at each trap's line", async () => {
    const clean = await chatProject(false);
    const before = snapshotTree(clean);
    const ok = cli(['doctor'], clean);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`No findings: 1 gateway checked against ${RULES.length} rules.\n`);
    expect(JSON.parse((await inProcess(['doctor', '--json'], clean)).stdout)).toMatchObject({ ok: true, command: 'doctor', clean: true, gateways: 1, findings: [], exitCode: 0 });

    const root = await chatProject(true);
    const json = cli(['doctor', '--json'], root);
    expect(json.code).toBe(2);
    expect(found(json.stdout)).toEqual(AUCTION_FINDINGS);
    expect(JSON.parse(json.stdout)).toMatchObject({ clean: false, failOn: 'error', gateways: 2, summary: { error: 2, warning: 5, info: 0 }, incomplete: [], exitCode: 2 });
    expect((await inProcess(['doctor', '--format', 'json'], root)).stdout).toBe(json.stdout);

    const text = cli(['doctor'], root);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`✗ error   ${AUCTION_FILE}:11  [connection-hook-can-throw]`);
    expect(text.stdout).toContain('2 errors, 5 warnings, 0 info in 2 gateways');
    expect(text.stdout).not.toMatch(/\x1b\[/);
    expect(snapshotTree(clean)).toEqual(before); // doctor reads, never writes
  });

  it('--format github: one workflow command per finding, on its file and line', async () => {
    const root = await chatProject(true);
    const result = cli(['doctor', '--format', 'github'], root);
    expect(result.code).toBe(2);
    const commands = result.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(commands).toHaveLength(AUCTION_FINDINGS.length);
    expect(commands).toContain(
      `::error file=${AUCTION_FILE},line=11,title=ws-scaffold doctor%3A connection-hook-can-throw::AuctionGateway.handleConnection throws outside a try/catch: an error from this hook ends the Nest process%0Afix: ${RULES.find((r) => r.id === 'connection-hook-can-throw')!.fix}`,
    );
    expect(commands.filter((c) => c.startsWith('::warning file='))).toHaveLength(5);
  });

  it('--format markdown: a summary and one table row per finding', async () => {
    const root = await chatProject(true);
    const result = cli(['doctor', '--format', 'markdown'], root);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^### ws-scaffold doctor\n\n\*\*2 errors, 5 warnings, 0 info in 2 gateways/);
    const rows = result.stdout.split('\n').filter((line) => /^\| (error|warning|info) \|/.test(line));
    expect(rows).toHaveLength(AUCTION_FINDINGS.length);
    expect(rows).toContain(
      `| error | \`cors-wildcard-credentials\` | \`${AUCTION_FILE}:6\` | cors allows every origin together with credentials: any site can use the visitor’s cookies | ${RULES.find((r) => r.id === 'cors-wildcard-credentials')!.fix.replace(/</g, '&lt;').replace(/>/g, '&gt;')} |`,
    );
  });

  it('--fail-on decides which findings fail the run; ws-scaffold-ignore silences one', async () => {
    const root = mildProject();
    const findings = found((await inProcess(['doctor', '--json'], root)).stdout);
    expect(findings).toEqual(['no-payload-limit src/feed.gateway.ts:5', 'positional-handler-params src/feed.gateway.ts:16']);
    const byDefault = cli(['doctor'], root);
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).toContain('Nothing at or above --fail-on error: exit 0.');
    expect((await inProcess(['doctor', '--fail-on', 'warning'], root)).code).toBe(2);
    expect((await inProcess(['doctor', '--fail-on', 'info'], root)).code).toBe(2);

    const ignored = mildProject('positional-handler-params');
    expect(found((await inProcess(['doctor', '--json'], ignored)).stdout)).toEqual(['no-payload-limit src/feed.gateway.ts:5']);
    expect((await inProcess(['doctor', '--fail-on', 'warning'], ignored)).code).toBe(0);
    expect((await inProcess(['doctor', '--fail-on', 'info'], ignored)).code).toBe(2);
    expect((await inProcess(['doctor', '--fail-on', 'fatal'], ignored)).code).toBe(1);
  });

  it('bad input: one line, exit 1, no stack, in every format', async () => {
    const empty = makeProject({ 'README.md': 'not a project\n' });
    const text = cli(['doctor'], empty);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/^Error: .* has no package\.json: run ws-scaffold inside a NestJS project \(or pass --cwd\)\.\n$/);
    const json = await inProcess(['doctor', '--json'], empty);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, exitCode: 1 });
    const github = cli(['doctor', '--format', 'github'], empty);
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(/^::error title=ws-scaffold doctor::.* has no package\.json/);
    expect((await inProcess(['doctor', '--format', 'markdown'], empty)).stdout).toMatch(/^### ws-scaffold doctor\n\n\*\*Error:\*\* /);
    const unknown = cli(['doctor', '--explain', 'no-such-rule']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^Error: unknown rule "no-such-rule"; the rules are: connection-hook-can-throw, /);
    expect((await inProcess(['doctor', '--json', '--format', 'github'], empty)).code).toBe(1);
    expect(cli(['doctor', '--format', 'xml'], empty).stderr).toContain("argument 'xml' is invalid");
  });
});

describe('doctor --explain', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: the rationale, the fix and the sources, exit 0', async (_id, rule) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await main(['node', 'ws-scaffold', 'doctor', '--explain', rule.id])).toBe(0);
      const text = log.mock.calls.map((c) => String(c[0])).join('\n').replace(/\n {2}/g, ' ');
      expect(text).toContain(`${rule.id} (${rule.severity}): ${rule.title}`);
      expect(text).toContain(`Why: ${rule.rationale}`);
      expect(text).toContain(`Fix: ${rule.fix}`);
      expect(text).toContain(`Sources: ${rule.sources.join('; ')}`);
      log.mockClear();
      expect(await main(['node', 'ws-scaffold', 'doctor', '--explain', rule.id, '--json'])).toBe(0);
      expect(JSON.parse(String(log.mock.calls[0][0]))).toEqual({ id: rule.id, severity: rule.severity, title: rule.title, rationale: rule.rationale, fix: rule.fix, ...(rule.example ? { example: rule.example } : {}), sources: rule.sources });
    } finally {
      log.mockRestore();
    }
  });
});

describe('ws-scaffold check --format', () => {
  it('github and markdown report drift for CI; in sync they say so; text and --json are unchanged', async () => {
    const root = await chatProject(false);
    expect(cli(['check', '--format', 'github'], root)).toMatchObject({ code: 0, stdout: 'In sync: 1 artefact(s) in ws-scaffold.json match the code.\n' });
    expect(await inProcess(['check', '--format', 'markdown'], root)).toMatchObject({ code: 0, stdout: '### ws-scaffold check\n\nIn sync: 1 artefact(s) in ws-scaffold.json match the code.\n' });
    expect((await inProcess(['check', '--format', 'json'], root)).stdout).toBe((await inProcess(['check', '--json'], root)).stdout);

    writeFileSync(join(root, 'src/app.module.ts'), readFileSync(join(root, 'src/app.module.ts'), 'utf8').replace('providers: [ChatGateway]', 'providers: []'));
    const github = cli(['check', '--format', 'github'], root);
    expect(github.code).toBe(2);
    expect(github.stdout.split('\n')[0]).toBe(
      '::error file=src/app.module.ts,title=ws-scaffold check%3A fragment-missing::gateway chat: src/app.module.ts: ChatGateway in providers is missing or changed%0Afix: ws-scaffold sync',
    );
    const markdown = await inProcess(['check', '--format', 'markdown'], root);
    expect(markdown.code).toBe(2);
    expect(markdown.stdout).toContain('| error | `fragment-missing` | `src/app.module.ts` | gateway chat: src/app.module.ts: ChatGateway in providers is missing or changed | ws-scaffold sync |');
    expect(markdown.stdout).toContain('<details><summary>fragment-missing: src/app.module.ts</summary>\n\n```diff\n--- a/src/app.module.ts');
    expect(cli(['check'], root).stdout).toContain('[fragment-missing] gateway chat: src/app.module.ts: ChatGateway in providers is missing or changed');
  });
});
