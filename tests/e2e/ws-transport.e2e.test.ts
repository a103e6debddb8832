/**
 * The ws transport end to end on real Nest 11 and Nest 12 projects: `add-adapter ws` + `add-gateway`
 * type-check, pass prettier, the generated spec and `check`; then real `ws` clients prove path
 * routing, the token and Origin checks before the upgrade, the frame answers, rooms through
 * WsRooms, exceptions that reach the client (Nest 11 too), the payload limit, a clean SIGTERM, and
 * a start-up that stops, naming it, when the app lost WebsocketsModule.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bootApp, expectLintClean, freshProject, packedTarball, run, type BootedApp, type FreshProject, type NestMajor } from './support';

const SILENCE_MS = 500;
const MAX_PAYLOAD = 4096;
const HEARTBEAT_MS = 300;

interface Frame {
  event: string;
  data: Record<string, unknown>;
}

/** A connected client that queues every JSON frame it receives. */
class FrameClient {
  private readonly frames: Frame[] = [];
  private readonly waiters: (() => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      this.frames.push(JSON.parse(String(raw)) as Frame);
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  send(event: string, data: unknown): void {
    this.socket.send(JSON.stringify({ event, data }));
  }

  /** The next frame named `event` (earlier frames of other names stay queued). */
  async next(event: string, timeoutMs = 5_000): Promise<Frame['data']> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.frames.findIndex((f) => f.event === event);
      if (at !== -1) return this.frames.splice(at, 1)[0].data;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no '${event}' frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  async request(event: string, data: unknown, answer = `${event}:ack`): Promise<Frame['data']> {
    this.send(event, data);
    return this.next(answer);
  }

  /** Every frame named `event` received during `ms`. */
  async silence(event: string, ms = SILENCE_MS): Promise<Frame[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.frames.filter((f) => f.event === event);
  }
}

/** Opens a socket; rejects with the HTTP status of a refused upgrade, or the socket error. */
function open(url: string, options: { protocols?: string[]; headers?: Record<string, string>; autoPong?: boolean } = {}): Promise<FrameClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers, handshakeTimeout: 5_000, autoPong: options.autoPong ?? true });
    socket.once('open', () => resolve(new FrameClient(socket)));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', (error) => reject(error));
  });
}

describe.each([11, 12] as NestMajor[])('the ws transport on a real Nest %i project', (major) => {
  let project: FreshProject;
  let app: BootedApp | undefined;
  const clients: FrameClient[] = [];
  const sh = (cmd: string, args: string[]) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs: 300_000 });
  const url = (path: string) => `${app!.url.replace(/^http/, 'ws')}${path}`;
  const connect = async (token: string, options: { origin?: string } = {}) => {
    const client = await open(url('/chat'), { headers: { authorization: `Bearer ${token}`, ...(options.origin ? { origin: options.origin } : {}) } });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    project = await freshProject(major, `ws-transport-${major}`);
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
  });

  afterAll(async () => {
    for (const client of clients) client.socket.terminate();
    await app?.stop();
    await project?.cleanup();
  });

  it('add-adapter ws and add-gateway: type-check, lint, prettier, the generated spec and check pass; a rerun changes nothing', async () => {
    await sh('npx', ['ws-scaffold', 'add-adapter', 'ws']);
    expect((await sh('npx', ['ws-scaffold', 'add-gateway', 'chat'])).stdout).toContain('CREATE src/chat/chat.gateway.ts');
    expect((await sh('npx', ['ws-scaffold', 'add-gateway', 'chat'])).stdout).toContain('Nothing to do');
    await sh('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    await sh('npx', ['prettier', '--check', 'src/chat', 'src/websockets', 'src/main.ts', 'src/app.module.ts']);
    await expectLintClean(sh, major, ['src/chat', 'src/websockets']);
    const spec = major === 11 ? await sh('npx', ['jest', 'src/chat']) : await sh('npx', ['vitest', 'run', 'src/chat']);
    expect(`${spec.stdout}\n${spec.stderr}`).toMatch(/Tests:?\s+5 passed/);
    await sh('npx', ['ws-scaffold', 'check']);
    await sh('npm', ['run', 'build']);
    app = await bootApp(project.dir, project.env, { extraEnv: { WS_AUTH_TOKENS: 'tok=alice,tok2=bob', WS_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD), WS_HEARTBEAT_MS: String(HEARTBEAT_MS) } });
  });

  it('refuses before the upgrade: an unknown path, no token, a wrong token, a foreign Origin', async () => {
    await expect(open(url('/nope'), { headers: { authorization: 'Bearer tok' } })).rejects.toThrow(/socket hang up|ECONNRESET/);
    await expect(open(url('/chat'))).rejects.toThrow('HTTP 401');
    await expect(open(url('/chat'), { headers: { authorization: 'Bearer wrong' } })).rejects.toThrow('HTTP 401');
    await expect(connect('tok', { origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    const local = await connect('tok', { origin: 'http://localhost:5173' });
    expect(local.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('a browser-style client sends its token as the protocol pair and never gets it echoed', async () => {
    const client = await open(url('/chat'), { protocols: ['bearer', 'tok2'] });
    clients.push(client);
    expect(client.socket.protocol).toBe('bearer');
    expect(await client.request('message', { text: '  hi  ' })).toMatchObject({ ok: true, from: 'bob', text: 'hi', delivered: 0 });
  });

  it('rooms: members only, not the sender; posting to a room not joined, invalid payloads and oversize frames', async () => {
    const [alice, bob, outsider] = await Promise.all([connect('tok'), connect('tok2'), connect('tok')]);
    expect(await alice.request('join', { room: 'project:42' })).toEqual({ room: 'project:42', members: 1 });
    expect(await bob.request('join', { room: 'project:42' })).toEqual({ room: 'project:42', members: 2 });

    const silent = [alice, outsider].map((c) => c.silence('room:message'));
    expect(await alice.request('message', { text: 'hello', room: 'project:42' })).toMatchObject({ from: 'alice', room: 'project:42', delivered: 1 });
    expect(await bob.next('room:message')).toMatchObject({ room: 'project:42', from: 'alice', text: 'hello' });
    for (const got of await Promise.all(silent)) expect(got).toEqual([]);

    // WsException reaches a ws client on Nest 11 too (the generated filter sends the frame).
    outsider.send('message', { text: 'let me in', room: 'project:42' });
    expect(await outsider.next('exception')).toEqual({ status: 'error', message: 'join project:42 first' });
    outsider.send('message', { text: 42, extra: 'do-not-echo' });
    const invalid = await outsider.next('exception');
    expect(invalid).toMatchObject({ status: 'error', message: 'validation failed' });
    expect(JSON.stringify(invalid)).not.toContain('do-not-echo');

    // Leaving stops delivery; a closed member drops out of the room by itself.
    expect(await bob.request('leave', { room: 'project:42' })).toEqual({ room: 'project:42', members: 1 });
    expect(await alice.request('message', { text: 'anyone?', room: 'project:42' })).toMatchObject({ delivered: 0 });

    const closed = new Promise<number>((resolve) => outsider.socket.once('close', (code) => resolve(code)));
    outsider.send('message', { text: 'x'.repeat(MAX_PAYLOAD * 2) });
    expect(await closed).toBe(1009);
    expect(app!.exited()).toBe(false);
  });

  it('pings every socket and drops one that stopped answering', async () => {
    const live = await connect('tok');
    const pinged = new Promise((resolve) => live.socket.once('ping', resolve));
    const silent = await open(url('/chat'), { headers: { authorization: 'Bearer tok' }, autoPong: false });
    clients.push(silent);
    const dropped = new Promise<number>((resolve) => silent.socket.once('close', (code) => resolve(code)));
    await pinged;
    expect(await dropped).toBe(1006);
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 3));
    expect(live.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('stops cleanly on SIGTERM', async () => {
    await app!.stop();
    expect(app!.output()).not.toMatch(/UnhandledPromiseRejection|ERROR \[ExceptionHandler\]/);
  });

  it('with WebsocketsModule taken out of the root module, the app stops at start-up naming what is missing, not at the first client', async () => {
    const module = join(project.dir, 'src/app.module.ts');
    const text = readFileSync(module, 'utf8');
    const without = text.replace(/imports:\s*\[WebsocketsModule\]/, 'imports: []');
    expect(without).not.toBe(text);
    writeFileSync(module, without);
    await sh('npm', ['run', 'build']);
    const boot = bootApp(project.dir, project.env, { extraEnv: { WS_AUTH_TOKENS: 'tok=alice' }, timeoutMs: 30_000 });
    // Nest names it: a provider the gateway injects (WsRooms), or one the adapter looks up.
    await expect(boot).rejects.toThrow(/exited \(exit code 1\) before listening[\s\S]*(could not find|can't resolve dependencies of)[\s\S]*(WsRooms|WsAuthVerifier|WsConfig)/);
    writeFileSync(module, text);
  });
});
