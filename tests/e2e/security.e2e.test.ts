/**
 * What the generated code protects against, verified at runtime on real Nest 11 and Nest 12 apps:
 * foreign origins (Node clients and a real headless Chromium), missing and bad tokens (on every
 * namespace: the main one `/` is refused, a hand-written gateway's is authenticated by the
 * adapter, only a --no-auth gateway's is open), a throwing connection hook, invalid and oversized
 * payloads. The process must survive all of it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, servePage } from './support/browser';
import {
  bootApp,
  collectEvents,
  connectClient,
  emitWithAck,
  freshProject,
  packedTarball,
  run,
  waitForEvent,
  type BootedApp,
  type FreshProject,
  type NestMajor,
} from './support';

const TOKEN = 'sec-token';

/** Retries an assertion for up to 3 s: for effects that reach the test asynchronously. */
async function eventually(assertion: () => void, timeoutMs = 3_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 50))) {
    try {
      return assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}
const MAX_PAYLOAD = 10_000;

/** A gateway written by hand, with no authentication of its own: SecureIoAdapter must add it. */
const HANDMADE_GATEWAY = `import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';

@WebSocketGateway({ namespace: '/handmade' })
export class HandmadeGateway {
  @SubscribeMessage('whoami')
  whoami(@ConnectedSocket() client: Socket): unknown {
    return client.data as unknown;
  }
}
`;

describe.each([11, 12] as NestMajor[])('generated security on Nest %i', (major) => {
  let project: FreshProject;
  let app: BootedApp;
  let page: Awaited<ReturnType<typeof servePage>>;
  let allowedOrigin: string;

  beforeAll(async () => {
    project = await freshProject(major, `security-${major}`);
    const sh = (cmd: string, args: string[]) => run(cmd, args, { cwd: project.dir, env: project.env, timeoutMs: 300_000 });
    await sh('npm', ['install', '--save-dev', '--no-audit', '--no-fund', await packedTarball()]);
    await sh('npx', ['ws-scaffold', 'add-gateway', 'chat']);
    await sh('npx', ['ws-scaffold', 'add-gateway', 'feed', '--throttle']);
    await sh('npx', ['ws-scaffold', 'add-gateway', 'news', '--no-auth']);
    const suffix = major === 12 ? '.js' : '';
    writeFileSync(join(project.dir, 'src/handmade.gateway.ts'), HANDMADE_GATEWAY);
    const moduleFile = join(project.dir, 'src/app.module.ts');
    const registered = readFileSync(moduleFile, 'utf8').replace(/providers: \[([^\]]*)\]/, (_, list: string) => `providers: [${list.trim().replace(/,$/, '')}, HandmadeGateway]`);
    writeFileSync(moduleFile, `import { HandmadeGateway } from './handmade.gateway${suffix}';\n${registered}`);
    // A connection hook that throws on request: the generated try/catch must contain it.
    const gatewayFile = join(project.dir, 'src/chat/chat.gateway.ts');
    const gateway = readFileSync(gatewayFile, 'utf8');
    const setup = '      // Per-connection setup goes here.';
    expect(gateway).toContain(setup);
    writeFileSync(gatewayFile, gateway.replace(setup, `      if (client.handshake.auth.explode) throw new Error('boom');\n${setup}`));
    await sh('npm', ['run', 'build']);

    page = await servePage(TOKEN);
    allowedOrigin = `http://app.test:${page.port}`;
    app = await bootApp(project.dir, project.env, {
      extraEnv: { WS_AUTH_TOKENS: `${TOKEN}=alice`, WS_ALLOWED_ORIGINS: allowedOrigin, WS_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD) },
    });
  });

  afterAll(async () => {
    await page?.close();
    await app?.stop();
    await project?.cleanup();
  });

  it('refuses a foreign Origin at the handshake on both transports, and allows the configured one', async () => {
    for (const transports of [['websocket'], ['polling']]) {
      await expect(
        connectClient(app.url, '/chat', { transports, auth: { token: TOKEN }, extraHeaders: { Origin: 'http://evil.test' } }),
      ).rejects.toThrow();
      const allowed = await connectClient(app.url, '/chat', { transports, auth: { token: TOKEN }, extraHeaders: { Origin: allowedOrigin } });
      expect(allowed.connected).toBe(true);
      allowed.close();
    }
    const handshake = `${app.url}/socket.io/?EIO=4&transport=polling`;
    const foreign = await fetch(handshake, { headers: { Origin: 'http://evil.test' } });
    expect(foreign.status).toBe(403);
    const own = await fetch(handshake, { headers: { Origin: allowedOrigin } });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
    expect(own.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('a real browser page from a foreign origin cannot connect; one from the allowed origin can', async () => {
    const browser = await launchChromium(['app.test', 'evil.test']);
    try {
      const outcome = async (origin: string) => {
        const tab = await browser.newPage();
        await tab.goto(`${origin}/?socket=${encodeURIComponent(`${app.url}/chat`)}`);
        await tab.waitForFunction(() => (globalThis as unknown as { outcome?: string }).outcome, undefined, { timeout: 10_000 });
        return tab.evaluate(() => (globalThis as unknown as { outcome: string }).outcome);
      };
      expect(await outcome(`http://app.test:${page.port}`)).toBe('connected');
      expect(await outcome(`http://evil.test:${page.port}`)).toMatch(/^connect_error/);
    } finally {
      await browser.close();
    }
  });

  it('answers a missing or bad token with connect_error and a reason, and stays up', async () => {
    await expect(connectClient(app.url, '/chat')).rejects.toThrow(/unauthorized.*missing token/);
    await expect(connectClient(app.url, '/chat', { auth: { token: 'forged' } })).rejects.toThrow(/unauthorized.*invalid token/);
    const good = await connectClient(app.url, '/chat', { auth: { token: TOKEN } });
    expect(await emitWithAck(good, 'message', { text: 'still here' })).toMatchObject({ ok: true });
    good.close();
    expect(app.exited()).toBe(false);
  });

  it('authenticates every namespace: `/` is refused, a hand-written gateway needs a token, a --no-auth one does not', async () => {
    // No gateway serves `/`: refused with or without a token, and from a foreign page at the handshake.
    await expect(connectClient(app.url, '/')).rejects.toThrow(/forbidden.*namespace not served/);
    await expect(connectClient(app.url, '/', { auth: { token: TOKEN } })).rejects.toThrow(/forbidden.*namespace not served/);
    await expect(connectClient(app.url, '/', { extraHeaders: { Origin: 'http://evil.test' } })).rejects.toThrow(/websocket error/);
    const rootHandshake = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: 'http://evil.test' } });
    expect(rootHandshake.status).toBe(403);

    await expect(connectClient(app.url, '/handmade')).rejects.toThrow(/unauthorized.*missing token/);
    await expect(connectClient(app.url, '/handmade', { auth: { token: 'forged' } })).rejects.toThrow(/unauthorized.*invalid token/);
    const handmade = await connectClient(app.url, '/handmade', { auth: { token: TOKEN } });
    expect(await emitWithAck(handmade, 'whoami')).toEqual({ user: { id: 'alice' } });
    handmade.close();

    const reader = await connectClient(app.url, '/news');
    expect(await emitWithAck(reader, 'message', { text: 'public' })).toMatchObject({ ok: true, text: 'public' });
    reader.close();
    await expect(connectClient(app.url, '/news', { extraHeaders: { Origin: 'http://evil.test' } })).rejects.toThrow(/websocket error/);
    expect(app.exited()).toBe(false);
  });

  it('a throwing connection hook disconnects that client and does not kill the process', async () => {
    const victim = await connectClient(app.url, '/chat', { auth: { token: TOKEN, explode: true } });
    // The server may have disconnected it already by the time connect resolved.
    if (victim.connected) await waitForEvent(victim, 'disconnect');
    expect(victim.connected).toBe(false);
    // The app's log reaches us through a pipe, a moment after the disconnect.
    await eventually(() => expect(app.output()).toContain('connection setup failed'));
    const next = await connectClient(app.url, '/chat', { auth: { token: TOKEN } });
    expect(await emitWithAck(next, 'message', { text: 'alive' })).toMatchObject({ text: 'alive' });
    next.close();
    expect(app.exited()).toBe(false);
  });

  it('an invalid payload is answered through its ack with the reasons (an exception event without an ack), never echoing the payload', async () => {
    const socket = await connectClient(app.url, '/chat', { auth: { token: TOKEN } });
    const answer = await emitWithAck<{ ok: boolean; error: Record<string, unknown> }>(socket, 'message', { text: '', secret: 'do-not-echo' });
    expect(answer.ok).toBe(false);
    const exception = waitForEvent<Record<string, unknown>>(socket, 'exception');
    socket.emit('message', { text: '', secret: 'do-not-echo' });
    for (const error of [answer.error, await exception]) {
      expect(error).toMatchObject({ status: 'error', message: 'validation failed' });
      expect(error.errors).toEqual(expect.arrayContaining(['text should not be empty', 'property secret should not exist']));
      expect(JSON.stringify(error)).not.toContain('do-not-echo');
      expect(error).not.toHaveProperty('cause');
    }
    socket.close();
  });

  it('--throttle: a burst over 20 messages a second gets its acks answered with a failure past the 20th', async () => {
    const socket = await connectClient(app.url, '/feed', { auth: { token: TOKEN } });
    const exceptions = collectEvents(socket, 'exception', 1_500);
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => emitWithAck<{ ok: boolean; error?: { message: string } }>(socket, 'message', { text: `burst ${i}` })),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(20);
    const refused = answers.filter((a) => !a.ok);
    expect(refused).toHaveLength(5);
    expect(refused.every((a) => a.error?.message === 'too many messages')).toBe(true);
    expect(await exceptions).toEqual([]);
    socket.close();
  });

  it('a payload over WS_MAX_PAYLOAD_BYTES closes the connection', async () => {
    const socket = await connectClient(app.url, '/chat', { auth: { token: TOKEN } });
    const closed = waitForEvent<string>(socket, 'disconnect');
    socket.emit('message', { text: 'x'.repeat(MAX_PAYLOAD * 2) });
    expect(await closed).toMatch(/transport (close|error)/);
    expect(app.exited()).toBe(false);
  });
});
