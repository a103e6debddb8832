#!/usr/bin/env node
// Benchmark: cross-instance room-broadcast throughput and latency of the Redis adapter ws-scaffold
// generates (`add-adapter redis`, on SecureIoAdapter) against a minimal hand-written IoAdapter with
// @socket.io/redis-adapter, in one run, on a real Nest 11 app against a private redis-server.
// A benchmark, not a test: a missed target exits 0; only a broken setup or failing command exits 1.
//
//   node bench/adapter-throughput.mjs [--messages N] [--clients N] [--rounds N] [--window N] [--json]
//
// Progress goes to stderr, the result (markdown or JSON) to stdout. See bench/README.md.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, parseArgs, runBench } from './bench-cli.mjs';
import { BenchError } from './cached-nest-project.mjs';
import { connectChat, prepareApp } from './generated-app.mjs';
import { bootInstance, cpuMs, log, running, startRedis, stop, tempDirs } from './processes.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const THROUGHPUT_TARGET = 0.9; // generated / reference deliveries per second, medians
const P99_TARGET = 1.1; // generated / reference p99 latency, medians
const STALL_MS = 5_000; // no delivery for this long ends a phase: what is missing by then is lost
const WARM_UP = 2_000; // broadcasts per round before measuring: the apps' JIT needs a few thousand
const TOKEN = 'bench-token';
const ROOM_ID = '1'; // `add-room bench` rooms are bench:{id}

// ---------------------------------------------------------------- the Nest 11 app

// The reference: the smallest adapter that does the job, written the way the socket.io docs show.
const REFERENCE_MAIN = `// Written by bench/adapter-throughput.mjs: the hand-written reference adapter.
import { NestFactory } from '@nestjs/core';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { AppModule } from './app.module';

class ReferenceRedisIoAdapter extends IoAdapter {
  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    const pub = new Redis(process.env.REDIS_URL as string);
    server.adapter(createAdapter(pub, pub.duplicate()));
    return server;
  }
}

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.useWebSocketAdapter(new ReferenceRedisIoAdapter(app));
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
`;

/** main.ts as add-adapter wired it; the reference's main beside it. */
function prepareAdapterApp(work) {
  const app = prepareApp(work, {
    generators: [['add-gateway', 'chat'], ['add-room', 'bench', '--gateway', 'chat'], ['add-adapter', 'redis']], // bench:join + bench:message (to the other members)
    files: { 'src/main-reference.ts': REFERENCE_MAIN },
    entries: ['dist/main.js', 'dist/main-reference.js'],
  });
  const main = readFileSync(join(app, 'src/main.ts'), 'utf8');
  if (!main.includes('new RedisIoAdapter(app)')) throw new BenchError(`add-adapter did not wire RedisIoAdapter into main.ts:\n${main}`);
  return app;
}

async function joinRoom(socket) {
  const ack = await socket.timeout(10_000).emitWithAck('bench:join', { id: ROOM_ID });
  if (!ack?.ok) throw new BenchError(`bench:join refused: ${JSON.stringify(ack)}`);
}

// ---------------------------------------------------------------- one phase of broadcasts

/**
 * Sends `count` broadcasts from the sender (on instance A) to the room the receivers (on B) are in;
 * each payload carries its sequence number and send time. A closed loop: at most `window` broadcasts
 * in flight (not yet received by every receiver), so the rate is what the pair sustains and the
 * latency is that of a busy pair, not of an ever-growing queue. Every delivery is counted per
 * receiver; a phase ends when all arrived or after STALL_MS without one (what is missing is lost).
 */
function phase(sender, receivers, count, window) {
  const k = receivers.length;
  const seen = receivers.map(() => new Uint8Array(count));
  const perMessage = new Uint32Array(count);
  const latencies = new Float64Array(count * k);
  let delivered = 0, duplicates = 0, complete = 0, sent = 0, badAcks = 0, lastDelivery = 0, done = false;
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const pump = () => {
      while (sent < count && sent - complete < window) {
        sender.emit('bench:message', { id: ROOM_ID, text: `${sent++} ${performance.now()}` }, (ack) => ack?.ok || badAcks++);
      }
    };
    const onMessage = (r) => (message) => {
      const now = performance.now();
      const [seq, sentAt] = message.text.split(' ').map(Number);
      if (!(seq < count) || seen[r][seq]) return void duplicates++;
      seen[r][seq] = 1;
      latencies[delivered++] = now - sentAt;
      lastDelivery = now;
      if (++perMessage[seq] === k && ++complete === count) return finish();
      pump();
    };
    receivers.forEach((socket, r) => socket.on('bench:message', onMessage(r)));
    const watchdog = setInterval(() => performance.now() - Math.max(lastDelivery, startedAt) > STALL_MS && finish(), 250);
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(watchdog);
      receivers.forEach((socket) => socket.off('bench:message'));
      const seconds = ((lastDelivery || performance.now()) - startedAt) / 1000;
      const sorted = latencies.subarray(0, delivered).sort();
      const pct = (p) => (delivered ? sorted[Math.min(delivered - 1, Math.floor((p / 100) * delivered))] : NaN);
      resolve({ sent, expected: count * k, delivered, duplicates, badAcks, seconds,
        broadcastsPerS: complete / seconds, deliveriesPerS: delivered / seconds, p50Ms: pct(50), p99Ms: pct(99), maxMs: sorted[delivered - 1] });
    };
    pump();
  });
}

/** One round for one adapter: two fresh instances, the clients, a warm-up (JIT), the measured phase. */
async function round(adapter, app, work, redisUrl, options) {
  const [a, b] = await Promise.all([0, 1].map(() => bootInstance(app, work, adapter.entry, { REDIS_URL: redisUrl, WS_AUTH_TOKENS: `${TOKEN}=bench` })));
  const sockets = [];
  try {
    const sender = await connectChat(a.url, TOKEN, 10_000);
    sockets.push(sender);
    for (let i = 0; i < options.clients; i++) sockets.push(await connectChat(b.url, TOKEN, 10_000));
    for (const socket of sockets) await joinRoom(socket);
    const receivers = sockets.slice(1);
    const warmUp = await phase(sender, receivers, WARM_UP, options.window);
    const cpuBefore = cpuMs(a.child.pid) + cpuMs(b.child.pid);
    const measured = await phase(sender, receivers, options.messages, options.window);
    const cpuPer1000 = ((cpuMs(a.child.pid) + cpuMs(b.child.pid) - cpuBefore) / options.messages) * 1000;
    if (warmUp.badAcks || measured.badAcks) throw new BenchError(`${adapter.name}: instance A refused broadcasts (bench:message acks not ok)`);
    for (const instance of [a, b]) {
      if (!running(instance.child)) throw new BenchError(`${adapter.name}: an instance exited during the round\n${instance.child.output()}`);
    }
    // The warm-up counts for "loses nothing" too.
    return { ...measured, cpuPer1000, delivered: warmUp.delivered + measured.delivered, expected: warmUp.expected + measured.expected,
      duplicates: warmUp.duplicates + measured.duplicates };
  } finally {
    for (const socket of sockets) socket.close();
    await Promise.all([stop(a.child), stop(b.child)]);
  }
}

// ---------------------------------------------------------------- main

const fmtCpu = (ms) => (Number.isFinite(ms) ? ms.toFixed(0) : 'n/a');
const versionOf = (app, pkg) => JSON.parse(readFileSync(join(app, 'node_modules', pkg, 'package.json'), 'utf8')).version;

async function main() {
  const options = parseArgs(process.argv.slice(2), { messages: 10_000, clients: 10, rounds: 6, window: 64 }, 'usage: node bench/adapter-throughput.mjs [--messages N] [--clients N] [--rounds N] [--window N] [--json]');
  if (!existsSync(join(repo, 'dist', 'cli', 'main.js'))) throw new BenchError(`${repo}/dist is not built: run \`npx tsc -p tsconfig.build.json\``);
  const work = mkdtempSync(join(tmpdir(), 'ws-bench-adapter-'));
  tempDirs.add(work);
  const redis = await startRedis(work); // first: a missing redis-server fails before the slow setup
  const app = prepareAdapterApp(work);
  const adapters = [
    { key: 'reference', name: 'reference (hand-written IoAdapter + createAdapter)', entry: 'dist/main-reference.js', rounds: [] },
    { key: 'generated', name: 'generated (ws-scaffold add-adapter redis)', entry: 'dist/main.js', rounds: [] },
  ];
  const loadBefore = loadavg()[0];
  const began = Date.now();
  // A B B A A B ...: a linear drift over the run (thermal, other load) hits both alike.
  for (let i = 0; i < options.rounds * 2; i++) {
    const adapter = adapters[(i % 2) ^ (Math.floor(i / 2) % 2)];
    log(`Round ${i + 1}/${options.rounds * 2}: ${adapter.key}, ${options.messages} broadcasts to ${options.clients} clients`);
    const r = await round(adapter, app, work, redis.url, options);
    log(`  ${Math.round(r.deliveriesPerS)} deliveries/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ${fmtCpu(r.cpuPer1000)} CPU ms / 1000, ${r.delivered}/${r.expected} delivered`);
    adapter.rounds.push(r);
  }
  await stop(redis.child);

  const sum = (rounds, field) => rounds.reduce((n, r) => n + r[field], 0);
  const summary = Object.fromEntries(
    adapters.map(({ key, name, entry, rounds }) => {
      const m = (field) => median(rounds.map((r) => r[field]));
      const perS = rounds.map((r) => r.deliveriesPerS);
      return [key, { name, entry, deliveriesPerS: m('deliveriesPerS'), deliveriesPerSRange: [Math.min(...perS), Math.max(...perS)],
        broadcastsPerS: m('broadcastsPerS'), p50Ms: m('p50Ms'), p99Ms: m('p99Ms'), cpuPer1000: m('cpuPer1000'),
        delivered: sum(rounds, 'delivered'), expected: sum(rounds, 'expected'), duplicates: sum(rounds, 'duplicates'), rounds }];
    }),
  );
  const { reference: ref, generated: gen } = summary;
  const throughputRatio = gen.deliveriesPerS / ref.deliveriesPerS;
  const p99Ratio = gen.p99Ms / ref.p99Ms;
  const cpuRatio = gen.cpuPer1000 / ref.cpuPer1000;
  const load = [loadBefore, loadavg()[0]].map((x) => Number(x.toFixed(2)));
  const result = {
    options, warmUp: WARM_UP, durationS: Math.round((Date.now() - began) / 1000), adapters: summary,
    targets: {
      throughput: { value: throughputRatio, target: `>= ${THROUGHPUT_TARGET}`, pass: throughputRatio >= THROUGHPUT_TARGET },
      p99: { value: p99Ratio, target: `<= ${P99_TARGET}`, pass: p99Ratio <= P99_TARGET },
      lost: { value: gen.expected - gen.delivered, duplicates: gen.duplicates, target: '0', pass: gen.delivered === gen.expected && gen.duplicates === 0 },
    },
    cpuPerBroadcastRatio: cpuRatio,
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadAverage1m: load, busy: Math.max(...load) > cpus().length * 0.5 },
    versions: Object.fromEntries(['@nestjs/core', 'socket.io', '@socket.io/redis-adapter', 'ioredis'].map((pkg) => [pkg, versionOf(app, pkg)])),
  };
  Object.assign(result.versions, { 'socket.io-client': versionOf(repo, 'socket.io-client'), 'redis-server': redis.version });
  if (options.json) return void process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

  const mark = (pass) => (pass ? 'PASS' : 'MISS');
  const row = (a) =>
    `| ${a.name} | ${Math.round(a.deliveriesPerS)} | ${a.deliveriesPerSRange.map(Math.round).join('–')} | ${Math.round(a.broadcastsPerS)} | ` +
    `${a.p50Ms.toFixed(1)} | ${a.p99Ms.toFixed(1)} | ${fmtCpu(a.cpuPer1000)} | ${a.delivered}/${a.expected} |`;
  const t = result.targets;
  process.stdout.write([
    `## Adapter throughput (${options.rounds} round${options.rounds === 1 ? '' : 's'} each, alternating; room of ${options.clients} clients on B, sender on A)`,
    '',
    `Medians over rounds. Each round: two fresh instances, ${WARM_UP} warm-up broadcasts, then ${options.messages} measured, at most ${options.window} in flight.`,
    '',
    '| adapter | deliveries/s | min–max | broadcasts/s | p50 (ms) | p99 (ms) | app CPU ms / 1000 broadcasts | delivered/expected |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(ref), row(gen),
    '',
    `- throughput generated / reference (medians): ${throughputRatio.toFixed(3)} (target >= ${THROUGHPUT_TARGET}) ${mark(t.throughput.pass)}`,
    `- p99 latency generated / reference (medians): ${p99Ratio.toFixed(3)} (target <= ${P99_TARGET}) ${mark(t.p99.pass)}`,
    `- lost by the generated adapter: ${t.lost.value} of ${gen.expected}, ${gen.duplicates} duplicates (target 0) ${mark(t.lost.pass)}` +
      (ref.delivered === ref.expected ? '' : `; the reference lost ${ref.expected - ref.delivered} too`),
    `- (information) app CPU per broadcast generated / reference (medians): ${cpuRatio.toFixed(3)}`,
    '',
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${process.version}; load average (1 min) ${load[0]} before, ${load[1]} after` +
      (result.machine.busy ? ' — busy: wall-clock numbers are noisy, the CPU column is the steadier one' : '') + `; ${result.durationS} s of rounds`,
    `Versions: ${Object.entries(result.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
  ].join('\n'));
}

runBench(main);
