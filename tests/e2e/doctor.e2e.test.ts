/**
 * doctor end to end on projects made by the real `nest new` (Nest 11 on Node 20, Nest 12 on Node 24),
 * with the built CLI (the packed tarball's install is covered by the other e2e files). The Nest CLI's
 * own `nest g gateway` stub gets the findings it should; after `ws-scaffold add-gateway chat`, whose
 * packages are installed for real (the socket.io pin is then read from node_modules), there is
 * nothing to find; the hand-written gateway of the issue gets a finding at each trap's line. One
 * project per major, reused for every step.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshProject, run, type FreshProject, type NestMajor } from './support';
import { AUCTION_FILE, AUCTION_FINDINGS, AUCTION_GATEWAY, withAuctionProvider } from '../support/hand-written';
import { snapshotTree } from '../support/projects';

const CLI = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');

interface DoctorJson {
  findings: { rule: string; severity: string; file: string; line: number }[];
  gateways: number;
  exitCode: number;
}

describe.each([11, 12] as NestMajor[])('doctor on a real Nest %i project', (major) => {
  let project: FreshProject;
  const sh = (cmd: string, args: string[], allowFailure = false) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs: 300_000, allowFailure });
  const wsScaffold = (args: string[], allowFailure = false) => sh('node', [CLI, ...args], allowFailure);
  const read = (path: string) => readFileSync(join(project.dir, path), 'utf8');
  const lineOf = (path: string, text: string) => read(path).split('\n').findIndex((line) => line.includes(text)) + 1;
  const doctorJson = async () => {
    const result = await wsScaffold(['doctor', '--json'], true);
    const json = JSON.parse(result.stdout) as DoctorJson;
    expect(json.exitCode).toBe(result.code);
    return { code: result.code, json, found: json.findings.map((f) => `${f.rule} ${f.file}:${f.line}`).sort() };
  };

  beforeAll(async () => {
    project = await freshProject(major, `doctor-${major}`);
  });

  afterAll(async () => {
    await project?.cleanup();
  });

  it('finds nothing in a fresh project, which has no gateway', async () => {
    const result = await wsScaffold(['doctor']);
    expect(result.stdout).toMatch(/^No findings \(no @WebSocketGateway class found; \d+ rules\)\.\n$/);
  });

  it("reports what the Nest CLI's own `nest g gateway` stub lacks", async () => {
    const moduleText = read('src/app.module.ts');
    await sh('npx', ['nest', 'g', 'gateway', 'legacy']);
    const file = 'src/legacy/legacy.gateway.ts';
    const decorator = lineOf(file, '@WebSocketGateway()');
    expect(decorator).toBeGreaterThan(0);
    const before = snapshotTree(join(project.dir, 'src'));
    const { code, found } = await doctorJson();
    expect(code).toBe(2);
    expect(found).toEqual(
      [
        // nest g adds neither @nestjs/websockets nor a platform: Nest would not start.
        `websockets-package-missing package.json:${lineOf('package.json', '"dependencies"')}`,
        `positional-handler-params ${file}:${lineOf(file, 'handleMessage(client: any, payload: any)')}`,
        `no-handshake-auth ${file}:${decorator}`,
        `no-origin-check ${file}:${decorator}`,
        `no-payload-limit ${file}:${decorator}`,
        `exception-cause-echoes-payload ${file}:${decorator}`,
      ].sort(),
    );
    expect(snapshotTree(join(project.dir, 'src'))).toEqual(before);
    // Back to the project `nest new` made.
    rmSync(join(project.dir, 'src/legacy'), { recursive: true });
    writeFileSync(join(project.dir, 'src/app.module.ts'), moduleText);
  });

  it('finds nothing after ws-scaffold add-gateway chat, in any format, and check agrees', async () => {
    await wsScaffold(['add-gateway', 'chat']);
    const { code, json } = await doctorJson();
    expect({ code, findings: json.findings, gateways: json.gateways }).toEqual({ code: 0, findings: [], gateways: 1 });
    const github = await wsScaffold(['doctor', '--format', 'github', '--fail-on', 'info']);
    expect(github.stdout).not.toContain('::');
    const check = await wsScaffold(['check', '--format', 'github']);
    expect(check.stdout).toBe('In sync: 1 artefact(s) in ws-scaffold.json match the code.\n');
  });

  it('a hand-written gateway with the known traps: exit 2 and a finding at each of their lines', async () => {
    mkdirSync(join(project.dir, 'src/auction'));
    writeFileSync(join(project.dir, AUCTION_FILE), AUCTION_GATEWAY);
    writeFileSync(join(project.dir, 'src/app.module.ts'), withAuctionProvider(read('src/app.module.ts'), major === 12 ? '.js' : ''));
    const { code, found } = await doctorJson();
    expect(code).toBe(2);
    expect(found).toEqual(AUCTION_FINDINGS);

    const github = await wsScaffold(['doctor', '--format', 'github'], true);
    expect(github.code).toBe(2);
    expect(github.stdout).toContain(`::error file=${AUCTION_FILE},line=${lineOf(AUCTION_FILE, 'throw new Error')},title=ws-scaffold doctor%3A connection-hook-can-throw::`);
    expect(github.stdout).toContain(`::error file=${AUCTION_FILE},line=${lineOf(AUCTION_FILE, "cors: { origin: '*'")},title=ws-scaffold doctor%3A cors-wildcard-credentials::`);
  });
});
