#!/usr/bin/env node
// Benchmark: the app ws-scaffold generates (add-gateway chat, add-room lobby, add-adapter redis)
// against a reference written by hand the way the NestJS docs show (a plain gateway with the same
// events, the docs' Redis IoAdapter), two instances of each on one private redis-server, in one
// run, interleaved. A benchmark, not a test: a missed target exits 0; only a broken setup exits 1.
//
//   node bench/app.mjs [--clients N] [--messages N] [--paced N] [--rounds N] [--json]
//   node bench/app.mjs --heap-snapshots <dir> [--clients N]
//
// Progress goes to stderr, the result to stdout; its last line is
// `app-bench: join-ratio=<x> join-p99-ratio=<x> broadcast-ratio=<x> rss-ratio=<x> lost=<n>`, or
// with --heap-snapshots (no timings: a snapshot stops the instance while it is written)
// `app-heap: generated=<bytes>/connection reference=<bytes>/connection ratio=<x>`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, parseArgs, runBench } from './bench-cli.mjs';
import { BenchError } from './cached-nest-project.mjs';
import { connectChat, prepareApp } from './generated-app.mjs';
import { heapGrowth, heapSnapshotArgs, summarizeHeapSnapshot, takeHeapSnapshot } from './heap-snapshot.mjs';
import { bootInstance, cpuMs, log, running, startRedis, stop, tempDirs } from './processes.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGETS = { join: 1.5, joinP99: 2, broadcast: 0.9, rss: 1.3 };
const TOKEN = 'bench-token';
const ROOM = 'lobby';
const JOIN_BATCH = 50; // joins in flight at once
const CONNECT_BATCH = 50;
const BROADCAST_WINDOW = 4; // broadcasts in flight: each goes to every member
const PACE_MS = 20; // one paced message every PACE_MS
const STALL_MS = 10_000;

// ---------------------------------------------------------------- the two apps in one Nest 11 project

// The reference, as the NestJS docs write it: a gateway with the same three events (no auth, no
// validation, no limits) and the docs' RedisIoAdapter, in a module and main of its own.
const REFERENCE_GATEWAY = `// Written by bench/app.mjs: the hand-written reference gateway.
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';

@WebSocketGateway({ namespace: '/chat' })
export class ReferenceGateway {
  @SubscribeMessage('${ROOM}:join')
  async join(@ConnectedSocket() client: Socket) {
    await client.join('${ROOM}');
    return { ok: true, room: '${ROOM}' };
  }

  @SubscribeMessage('${ROOM}:message')
  message(@MessageBody() body: { text: string }, @ConnectedSocket() client: Socket) {
    client.to('${ROOM}').emit('${ROOM}:message', { room: '${ROOM}', from: client.id, text: body.text });
    return { ok: true, room: '${ROOM}' };
  }
}
`;

const REFERENCE_MAIN = `// Written by bench/app.mjs: the hand-written reference app.
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import { ReferenceGateway } from './reference.gateway';

@Module({ providers: [ReferenceGateway] })
class ReferenceModule {}

class RedisIoAdapter extends IoAdapter {
  private adapterConstructor!: ReturnType<typeof createAdapter>;

  async connectToRedis(): Promise<void> {
    const pubClient = new Redis(process.env.REDIS_URL as string);
    const subClient = pubClient.duplicate();
    this.adapterConstructor = createAdapter(pubClient, subClient);
  }

  createIOServer(port: number, options?: ServerOptions) {
    const server = super.createIOServer(port, options);
    server.adapter(this.adapterConstructor);
    return server;
  }
}

async function bootstrap() {
  const app = await NestFactory.create(ReferenceModule);
  const adapter = new RedisIoAdapter(app);
  await adapter.connectToRedis();
  app.useWebSocketAdapter(adapter);
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
`;

// ---------------------------------------------------------------- clients and phases

/** Runs `task` over `items`, `batch` at a time. */
async function inBatches(items, batch, task) {
  const results = [];
  for (let i = 0; i < items.length; i += batch) results.push(...(await Promise.all(items.slice(i, i + batch).map(task))));
  return results;
}

const percentile = (values, p) => {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};

/** Every client joins the room, JOIN_BATCH at a time: total time and each join's ack latency. */
async function joinAll(sockets) {
  const started = performance.now();
  const latencies = await inBatches(sockets, JOIN_BATCH, async (socket) => {
    const sent = performance.now();
    const ack = await socket.timeout(30_000).emitWithAck(`${ROOM}:join`, {});
    if (!ack?.ok) throw new BenchError(`${ROOM}:join refused: ${JSON.stringify(ack)}`);
    return performance.now() - sent;
  });
  return { seconds: (performance.now() - started) / 1000, p99Ms: percentile(latencies, 99) };
}

/**
 * The sender sends `count` room messages; every other member must receive each. `next(send)`
 * decides when to send: at once within a window (burst), or on a timer (paced). Deliveries are
 * counted per receiver; the phase ends when all arrived or after STALL_MS without one.
 */
function messages(sender, receivers, count, paced) {
  const k = receivers.length;
  const perMessage = new Uint32Array(count);
  const latencies = [];
  let delivered = 0, complete = 0, sent = 0, lastDelivery = 0, done = false, timer;
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const send = () => sender.emit(`${ROOM}:message`, { text: `${sent++} ${performance.now()}` });
    const pump = () => {
      while (!paced && sent < count && sent - complete < BROADCAST_WINDOW) send();
    };
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(watchdog);
      clearInterval(timer);
      for (const socket of receivers) socket.off(`${ROOM}:message`);
      const seconds = ((lastDelivery || performance.now()) - startedAt) / 1000;
      resolve({ expected: count * k, delivered, seconds, deliveriesPerS: delivered / seconds, p99Ms: percentile(latencies, 99) });
    };
    for (const socket of receivers) {
      socket.on(`${ROOM}:message`, (message) => {
        const now = performance.now();
        const [seq, sentAt] = message.text.split(' ').map(Number);
        delivered++;
        latencies.push(now - sentAt);
        lastDelivery = now;
        if (++perMessage[seq] === k && ++complete === count) return finish();
        pump();
      });
    }
    const watchdog = setInterval(() => performance.now() - Math.max(lastDelivery, startedAt) > STALL_MS && finish(), 250);
    if (paced) timer = setInterval(() => (sent < count ? send() : clearInterval(timer)), PACE_MS);
    else pump();
  });
}

/** Peak resident set size of a process (VmHWM, Linux), in MB; NaN elsewhere. */
function peakRssMb(pid) {
  try {
    const kb = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m)?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** One round of one app: two fresh instances, clients split across them, the four phases. */
async function round(app, work, redisUrl, entry, options) {
  const env = { REDIS_URL: redisUrl, WS_AUTH_TOKENS: `${TOKEN}=bench` };
  const instances = await Promise.all([0, 1].map(() => bootInstance(app, work, entry, env)));
  const sockets = [];
  try {
    const urls = Array.from({ length: options.clients + 1 }, (_, i) => instances[i % 2].url);
    const connectStarted = performance.now();
    sockets.push(...(await inBatches(urls, CONNECT_BATCH, (url) => connectChat(url, TOKEN))));
    const connectS = (performance.now() - connectStarted) / 1000;
    const cpuBefore = instances.map((instance) => cpuMs(instance.child.pid));
    const join = await joinAll(sockets);
    // CPU the instances spent on the joins: hardly moved by other load on the machine, unlike time.
    const joinCpuMs = instances.reduce((sum, instance, i) => sum + cpuMs(instance.child.pid) - cpuBefore[i], 0);
    const [sender, ...receivers] = sockets;
    const burst = await messages(sender, receivers, options.messages, false);
    const paced = await messages(sender, receivers, options.paced, true);
    for (const instance of instances) {
      if (!running(instance.child)) throw new BenchError(`${entry}: an instance exited during the round\n${instance.child.output()}`);
    }
    const rss = Math.max(...instances.map((instance) => peakRssMb(instance.child.pid)));
    return { connectS, joinS: join.seconds, joinP99Ms: join.p99Ms, joinCpuMs, burst, paced, rssMb: rss, lost: burst.expected - burst.delivered + paced.expected - paced.delivered };
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all(instances.map((instance) => stop(instance.child)));
  }
}

/**
 * What one connected, joined client costs each app: two fresh instances, a heap snapshot of each
 * before any client, then connect and join as in a round, then another; the growth per client.
 */
async function heapRound(app, work, redisUrl, entry, options, dir) {
  const env = { REDIS_URL: redisUrl, WS_AUTH_TOKENS: `${TOKEN}=bench` };
  const instances = await Promise.all([0, 1].map(() => bootInstance(app, work, entry, env, heapSnapshotArgs(dir))));
  const sockets = [];
  try {
    const empty = [];
    for (const instance of instances) empty.push(await takeHeapSnapshot(instance.child, dir));
    const urls = Array.from({ length: options.clients + 1 }, (_, i) => instances[i % 2].url);
    sockets.push(...(await inBatches(urls, CONNECT_BATCH, (url) => connectChat(url, TOKEN))));
    await joinAll(sockets);
    const full = [];
    for (const instance of instances) full.push(await takeHeapSnapshot(instance.child, dir));
    const growth = instances.map((_, i) => {
      const [before, after] = [summarizeHeapSnapshot(empty[i]), summarizeHeapSnapshot(full[i])];
      const clients = urls.filter((url) => url === instances[i].url).length;
      return { clients, before, after, groups: heapGrowth(before, after) };
    });
    const clients = growth.reduce((n, g) => n + g.clients, 0);
    const perClient = (bytesOf) => growth.reduce((n, g) => n + bytesOf(g), 0) / clients;
    const groups = new Map();
    for (const g of growth) for (const { name, count, bytes } of g.groups) {
      const entry = groups.get(name) ?? { name, count: 0, bytes: 0 };
      entry.count += count / clients;
      entry.bytes += bytes / clients;
      groups.set(name, entry);
    }
    return {
      heapBeforeMb: Math.max(...growth.map((g) => g.before.totalBytes)) / 2 ** 20,
      heapAfterMb: Math.max(...growth.map((g) => g.after.totalBytes)) / 2 ** 20,
      bytesPerClient: perClient((g) => g.after.totalBytes - g.before.totalBytes),
      groups: [...groups.values()].sort((x, y) => y.bytes - x.bytes),
      files: [...empty, ...full],
    };
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all(instances.map((instance) => stop(instance.child)));
  }
}

function reportHeap(apps, options, dir) {
  const { reference: ref, generated: gen } = Object.fromEntries(apps.map((a) => [a.key, a.heap]));
  const ratio = gen.bytesPerClient / ref.bytesPerClient;
  const last = `app-heap: generated=${Math.round(gen.bytesPerClient)}/connection reference=${Math.round(ref.bytesPerClient)}/connection ratio=${ratio.toFixed(2)}`;
  if (options.json) {
    const json = Object.fromEntries(apps.map((a) => [a.key, { ...a.heap, groups: a.heap.groups.slice(0, 30) }]));
    process.stdout.write(`${JSON.stringify({ options, apps: json, ratio }, null, 2)}\n${last}\n`);
    return;
  }
  // The groups that grew most in either app, side by side, per connected client.
  const names = [...new Set([...gen.groups.slice(0, 12), ...ref.groups.slice(0, 12)].map((g) => g.name))];
  const byName = (heap, name) => heap.groups.find((g) => g.name === name) ?? { count: 0, bytes: 0 };
  const rows = names
    .map((name) => ({ name, g: byName(gen, name), r: byName(ref, name) }))
    .sort((x, y) => Math.max(y.g.bytes, y.r.bytes) - Math.max(x.g.bytes, x.r.bytes))
    .map(({ name, g, r }) => `| \`${name}\` | ${Math.round(g.bytes)} | ${g.count.toFixed(1)} | ${Math.round(r.bytes)} | ${r.count.toFixed(1)} |`);
  process.stdout.write([
    `## Live heap per connected client (${options.clients} clients on two instances, after connect and join)`,
    '',
    '| app | heap before clients (MB) | heap with clients (MB) | per client (bytes) |',
    '| --- | ---: | ---: | ---: |',
    ...apps.map(({ name, heap }) => `| ${name} | ${heap.heapBeforeMb.toFixed(1)} | ${heap.heapAfterMb.toFixed(1)} | ${Math.round(heap.bytesPerClient)} |`),
    '',
    'Growth per client by constructor (self size; objects by constructor name, the rest by kind):',
    '',
    '| group | generated bytes | generated objects | reference bytes | reference objects |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Snapshots (open them in Chrome DevTools, Memory tab): ${dir}`,
    '',
    last,
    '',
  ].join('\n'));
}

// ---------------------------------------------------------------- main


async function main() {
  const options = parseArgs(process.argv.slice(2), { clients: 1000, messages: 200, paced: 100, rounds: 1, 'heap-snapshots': '' }, 'usage: node bench/app.mjs [--clients N] [--messages N] [--paced N] [--rounds N] [--heap-snapshots DIR] [--json]');
  if (!existsSync(join(repo, 'dist', 'cli', 'main.js'))) throw new BenchError(`${repo}/dist is not built: run \`npm run build\``);
  const work = mkdtempSync(join(tmpdir(), 'ws-bench-app-'));
  tempDirs.add(work);
  const redis = await startRedis(work);
  const app = prepareApp(work, {
    generators: [['add-gateway', 'chat'], ['add-room', ROOM, '--gateway', 'chat', '--pattern', ROOM], ['add-adapter', 'redis']],
    files: { 'src/reference/reference.gateway.ts': REFERENCE_GATEWAY, 'src/reference/main.ts': REFERENCE_MAIN },
    entries: ['dist/main.js', 'dist/reference/main.js'],
  });
  const apps = [
    { key: 'reference', name: 'reference (docs-style gateway + RedisIoAdapter)', entry: 'dist/reference/main.js', rounds: [] },
    { key: 'generated', name: 'generated (add-gateway, add-room, add-adapter redis)', entry: 'dist/main.js', rounds: [] },
  ];
  const heapDir = options['heap-snapshots'];
  if (heapDir) {
    for (const current of apps) {
      mkdirSync(join(heapDir, current.key), { recursive: true });
      log(`Heap snapshots: ${current.key}, ${options.clients} clients`);
      current.heap = await heapRound(app, work, redis.url, current.entry, options, join(heapDir, current.key));
      log(`  ${Math.round(current.heap.bytesPerClient)} bytes per client`);
    }
    await stop(redis.child);
    return reportHeap(apps, options, heapDir);
  }
  const loadBefore = loadavg()[0];
  for (let i = 0; i < options.rounds * 2; i++) {
    const current = apps[(i % 2) ^ (Math.floor(i / 2) % 2)]; // A B B A: a drift hits both alike
    log(`Round ${i + 1}/${options.rounds * 2}: ${current.key}, ${options.clients} clients`);
    const r = await round(app, work, redis.url, current.entry, options);
    log(`  join ${r.joinS.toFixed(2)} s (p99 ${r.joinP99Ms.toFixed(0)} ms, instances' CPU ${r.joinCpuMs.toFixed(0)} ms), burst ${Math.round(r.burst.deliveriesPerS)} deliveries/s (p99 ${r.burst.p99Ms.toFixed(0)} ms), paced p99 ${r.paced.p99Ms.toFixed(0)} ms, peak RSS ${r.rssMb.toFixed(0)} MB, lost ${r.lost}`);
    current.rounds.push(r);
  }
  await stop(redis.child);

  const summary = Object.fromEntries(
    apps.map(({ key, name, rounds }) => [key, {
      name,
      connectS: median(rounds.map((r) => r.connectS)),
      joinS: median(rounds.map((r) => r.joinS)),
      joinP99Ms: median(rounds.map((r) => r.joinP99Ms)),
      joinCpuMs: median(rounds.map((r) => r.joinCpuMs)),
      burstPerS: median(rounds.map((r) => r.burst.deliveriesPerS)),
      burstP99Ms: median(rounds.map((r) => r.burst.p99Ms)),
      pacedP99Ms: median(rounds.map((r) => r.paced.p99Ms)),
      rssMb: median(rounds.map((r) => r.rssMb)),
      lost: rounds.reduce((n, r) => n + r.lost, 0),
    }]),
  );
  const { reference: ref, generated: gen } = summary;
  const ratios = { join: gen.joinS / ref.joinS, joinP99: gen.joinP99Ms / ref.joinP99Ms, broadcast: gen.burstPerS / ref.burstPerS, rss: gen.rssMb / ref.rssMb };
  const pass = { join: ratios.join <= TARGETS.join, joinP99: ratios.joinP99 <= TARGETS.joinP99, broadcast: ratios.broadcast >= TARGETS.broadcast, rss: ratios.rss <= TARGETS.rss, lost: gen.lost === 0 };
  const load = [loadBefore, loadavg()[0]].map((x) => Number(x.toFixed(2)));
  const last = `app-bench: join-ratio=${ratios.join.toFixed(2)} join-p99-ratio=${ratios.joinP99.toFixed(2)} broadcast-ratio=${ratios.broadcast.toFixed(2)} rss-ratio=${ratios.rss.toFixed(2)} lost=${gen.lost}`;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ options, apps: summary, ratios, targets: TARGETS, pass, machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadAverage1m: load } }, null, 2)}\n${last}\n`);
    return;
  }
  const mark = (ok) => (ok ? 'PASS' : 'MISS');
  const row = (a) => `| ${a.name} | ${a.connectS.toFixed(2)} | ${a.joinS.toFixed(2)} | ${a.joinP99Ms.toFixed(0)} | ${a.joinCpuMs.toFixed(0)} | ${Math.round(a.burstPerS)} | ${a.burstP99Ms.toFixed(0)} | ${a.pacedP99Ms.toFixed(0)} | ${a.rssMb.toFixed(0)} | ${a.lost} |`;
  process.stdout.write([
    `## The generated app against the reference (${options.clients} clients on two instances, one redis-server; ${options.rounds} round${options.rounds === 1 ? '' : 's'} each, ABBA)`,
    '',
    `Phases: connect, all join \`${ROOM}\` (${JOIN_BATCH} at a time), one client sends ${options.messages} messages to the room (${BROADCAST_WINDOW} in flight), then ${options.paced} paced (one every ${PACE_MS} ms).`,
    '',
    '| app | connect (s) | join all (s) | join-ack p99 (ms) | instances\' CPU on joins (ms) | burst deliveries/s | burst p99 (ms) | paced p99 (ms) | peak RSS / instance (MB) | lost |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(ref), row(gen),
    '',
    `- join time generated / reference: ${ratios.join.toFixed(2)} (target <= ${TARGETS.join}) ${mark(pass.join)}`,
    `- join-ack p99 generated / reference: ${ratios.joinP99.toFixed(2)} (target <= ${TARGETS.joinP99}) ${mark(pass.joinP99)}`,
    `- broadcast throughput generated / reference: ${ratios.broadcast.toFixed(2)} (target >= ${TARGETS.broadcast}) ${mark(pass.broadcast)}`,
    `- peak RSS generated / reference: ${ratios.rss.toFixed(2)} (target <= ${TARGETS.rss}) ${mark(pass.rss)}`,
    `- lost by the generated app: ${gen.lost} (target 0) ${mark(pass.lost)}`,
    '',
    `Machine: ${cpus()[0]?.model}, ${cpus().length} cores, Node ${process.version}; load average (1 min) ${load[0]} before, ${load[1]} after`,
    '',
    last,
    '',
  ].join('\n'));
}

runBench(main);
