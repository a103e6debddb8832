#!/usr/bin/env node
// Benchmark (not a test): `ws-scaffold asyncapi` on a synthetic project of about 200 source files
// (ws-scaffold's chat gateway with an event and a room, 48 hand-written gateways whose DTOs, acks
// and emits need the type checker for inferred types, and feature modules), next to `node -e 0`.
// Target: a median of at most 1 s. A missed target prints MISS and still exits 0; a failed command exits 1.
//   node bench/asyncapi.mjs [--runs N] [--gateways N] [--baseline path/to/bin/ws-scaffold.js]
// --baseline times another build (say, a checkout of an older commit, built) in the same rounds, on the same project.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin', 'ws-scaffold.js');
const text = (name) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const arg = (name, fallback) => (text(name) === undefined ? fallback : Number(text(name)));
const baseline = text('--baseline');
const runs = arg('--runs', 7);
const gatewayCount = arg('--gateways', 48);
const TARGET_S = 1;

function write(root, path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function makeProject() {
  const root = mkdtempSync(join(tmpdir(), 'ws-scaffold-bench-asyncapi-'));
  write(root, 'package.json', JSON.stringify({ name: 'bench', version: '1.0.0', private: true, dependencies: { '@nestjs/common': '^11.0.1', '@nestjs/core': '^11.0.1' } }, null, 2) + '\n');
  write(root, 'nest-cli.json', '{ "sourceRoot": "src" }\n');
  const names = Array.from({ length: gatewayCount }, (_, i) => `Lot${String(i).padStart(3, '0')}`);
  for (const name of names) {
    const file = name.toLowerCase();
    write(root, `src/${file}/${file}.dto.ts`, `import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';\n\nexport class ${name}BidDto {\n  @IsString()\n  @MaxLength(40)\n  lot!: string;\n\n  @IsInt()\n  @Min(1)\n  amount!: number;\n\n  @IsOptional()\n  @IsString()\n  note?: string;\n}\n`);
    write(root, `src/${file}/${file}.service.ts`, `import { Injectable } from '@nestjs/common';\n\n@Injectable()\nexport class ${name}Service {\n  price(lot: string): { lot: string; price: number } {\n    return { lot, price: lot.length };\n  }\n}\n`);
    write(root, `src/${file}/${file}.module.ts`, `import { Module } from '@nestjs/common';\nimport { ${name}Gateway } from './${file}.gateway';\nimport { ${name}Service } from './${file}.service';\n\n@Module({ providers: [${name}Gateway, ${name}Service] })\nexport class ${name}Module {}\n`);
    write(root, `src/${file}/${file}.gateway.ts`, `import { MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';\nimport type { Server } from 'socket.io';\nimport { ${name}BidDto } from './${file}.dto';\nimport { ${name}Service } from './${file}.service';\n\n@WebSocketGateway({ namespace: '/${file}' })\nexport class ${name}Gateway {\n  @WebSocketServer() server!: Server;\n\n  constructor(private readonly prices: ${name}Service) {}\n\n  @SubscribeMessage('bid')\n  bid(@MessageBody() bid: ${name}BidDto) {\n    this.server.emit('bid:placed', { lot: bid.lot, amount: bid.amount, at: new Date() });\n    return { accepted: true, ...this.prices.price(bid.lot) };\n  }\n}\n`);
  }
  const imports = names.map((n) => `import { ${n}Module } from './${n.toLowerCase()}/${n.toLowerCase()}.module';`).join('\n');
  write(root, 'src/app.module.ts', `import { Module } from '@nestjs/common';\n${imports}\n\n@Module({\n  imports: [${names.map((n) => `${n}Module`).join(', ')}],\n  providers: [],\n})\nexport class AppModule {}\n`);
  write(root, 'src/main.ts', `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nvoid bootstrap();\n`);
  for (const args of [['add-gateway', 'chat'], ['add-event', 'typing', '--gateway', 'chat', '--field', 'draft:boolean'], ['add-room', 'lobby', '--gateway', 'chat']]) {
    const result = spawnSync(process.execPath, [bin, ...args, '--skip-install', '--yes', '--cwd', root], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  }
  return root;
}

const countFiles = (dir) => readdirSync(dir).reduce((n, name) => n + (statSync(join(dir, name)).isDirectory() ? countFiles(join(dir, name)) : name.endsWith('.ts') ? 1 : 0), 0);

function time(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  return seconds;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const root = makeProject();
try {
  const files = countFiles(join(root, 'src'));
  // Each row: one untimed warm-up (compile caches), then N runs interleaved round-robin, each round
  // starting one row later, so that other load on the machine hits every row alike.
  const rows = [
    ['ws-scaffold asyncapi', [bin, 'asyncapi', '--cwd', root]],
    ...(baseline ? [['ws-scaffold asyncapi (baseline)', [baseline, 'asyncapi', '--cwd', root]]] : []),
    ['(reference) node -e 0', ['-e', '0']],
  ];
  for (const [, args] of rows) time(args);
  const documentOf = (script) => spawnSync(process.execPath, [script, 'asyncapi', '--cwd', root], { encoding: 'utf8' }).stdout;
  const sameDocument = baseline ? documentOf(bin) === documentOf(baseline) : undefined;
  const samples = rows.map(() => []);
  const before = loadavg()[0];
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < rows.length; j++) {
      const k = (i + j) % rows.length;
      samples[k].push(time(rows[k][1]));
    }
  }
  const [asyncapi] = samples;
  console.log(`${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, Node ${process.version}, ${runs} runs, load ${before.toFixed(1)} -> ${loadavg()[0].toFixed(1)}`);
  console.log(`| command | files | median (s) | min | max |\n| --- | ---: | ---: | ---: | ---: |`);
  rows.forEach(([label], k) => {
    const xs = samples[k];
    console.log(`| ${label} | ${label.startsWith('(reference)') ? '' : files} | ${median(xs).toFixed(3)} | ${Math.min(...xs).toFixed(3)} | ${Math.max(...xs).toFixed(3)} |`);
  });
  console.log(`\n- target: median <= ${TARGET_S} s on ${files} files: ${median(asyncapi) <= TARGET_S ? 'PASS' : 'MISS'}`);
  if (baseline) console.log(`- the same document as the baseline: ${sameDocument ? 'yes' : 'NO'}`);
  // The bench itself keeps about one core busy; more than that is other work on the machine.
  if (Math.max(before, loadavg()[0]) > 1 + cpus().length / 4) console.log('- busy machine: wall times are noisy, compare rows of this run only');
} finally {
  rmSync(root, { recursive: true, force: true });
}
