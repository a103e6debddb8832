#!/usr/bin/env node
// Benchmark (not a test): `ws-scaffold check` on a synthetic 2,000-module Nest project, side by side
// with the same check on a one-module project, in the same run. Target: <= 1 s on the large one.
// `ws-scaffold doctor` is timed on the same two projects, for comparison (it reads any project's
// gateways and modules, not only what ws-scaffold.json records).
//   node bench/check.mjs [--runs N] [--modules N]
// Every command runs with this script's Node (process.execPath): run it with another `node` to
// measure that version.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin', 'ws-scaffold.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const runs = arg('--runs', 7);
const moduleCount = arg('--modules', 2000);

function write(root, path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A Nest-shaped project: AppModule importing `count` feature modules, each with a service. */
function makeProject(count) {
  const root = mkdtempSync(join(tmpdir(), `ws-scaffold-bench-check-${count}-`));
  write(root, 'package.json', JSON.stringify({ name: 'bench', private: true, dependencies: { '@nestjs/common': '^11.0.1', '@nestjs/core': '^11.0.1' } }, null, 2) + '\n');
  write(root, 'nest-cli.json', '{ "sourceRoot": "src" }\n');
  const names = Array.from({ length: count }, (_, i) => `Feature${String(i).padStart(4, '0')}`);
  for (const name of names) {
    const file = name.toLowerCase();
    write(root, `src/features/${file}/${file}.service.ts`, `import { Injectable } from '@nestjs/common';\n\n@Injectable()\nexport class ${name}Service {\n  value(): string {\n    return '${name}';\n  }\n}\n`);
    write(root, `src/features/${file}/${file}.module.ts`, `import { Module } from '@nestjs/common';\nimport { ${name}Service } from './${file}.service';\n\n@Module({ providers: [${name}Service], exports: [${name}Service] })\nexport class ${name}Module {}\n`);
  }
  const imports = names.map((n) => `import { ${n}Module } from './features/${n.toLowerCase()}/${n.toLowerCase()}.module';`).join('\n');
  write(root, 'src/app.module.ts', `import { Module } from '@nestjs/common';\n${imports}\n\n@Module({\n  imports: [\n${names.map((n) => `    ${n}Module,`).join('\n')}\n  ],\n  providers: [],\n})\nexport class AppModule {}\n`);
  write(root, 'src/main.ts', `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nvoid bootstrap();\n`);
  const added = spawnSync(process.execPath, [bin, 'add-gateway', 'chat', '--skip-install', '--yes', '--cwd', root], { encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`add-gateway failed:\n${added.stdout}${added.stderr}`);
  return root;
}

function timeRun(args, what) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${what} did not pass (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return seconds;
}
const timeCheck = (root) => timeRun([bin, 'check', '--cwd', root], 'check');
const timeDoctor = (root) => timeRun([bin, 'doctor', '--cwd', root], 'doctor');
// The floor under every check: Node's start-up, and loading ts-morph (with TypeScript), which the
// generators need to read modules.
const tsMorph = nodeModule.createRequire(join(repo, 'package.json')).resolve('ts-morph');
const references = [
  ['(reference) require ts-morph', () => timeRun(['-e', `require(${JSON.stringify(tsMorph)})`], 'require ts-morph')],
  ['(reference) node -e 0', () => timeRun(['-e', '0'], 'node -e 0')],
];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const large = makeProject(moduleCount);
const small = makeProject(1);
try {
  const commands = [
    [`${moduleCount} modules`, () => timeCheck(large)],
    ['1 module (fresh-project time)', () => timeCheck(small)],
    [`doctor, ${moduleCount} modules`, () => timeDoctor(large)],
    ['doctor, 1 module', () => timeDoctor(small)],
    ...references,
  ];
  for (const [, run] of commands) run(); // warm-up, untimed (also fills the compile cache)
  const loadBefore = loadavg()[0];
  const samples = commands.map(() => []);
  // Round-robin, each round starting one command later, so that other load hits every row alike.
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < commands.length; j++) {
      const k = (i + j) % commands.length;
      samples[k].push(commands[k][1]());
    }
  }
  const loadAfter = loadavg()[0];
  const row = (label, xs) => `| ${label} | ${median(xs).toFixed(3)} | ${Math.min(...xs).toFixed(3)} | ${Math.max(...xs).toFixed(3)} |`;
  console.log(`## ws-scaffold check and doctor (${runs} interleaved runs each, after 1 warm-up)\n`);
  console.log('| project | median wall (s) | min | max |\n| --- | ---: | ---: | ---: |');
  commands.forEach(([label], k) => console.log(row(label, samples[k])));
  const verdict = median(samples[0]) <= 1 ? 'PASS' : 'MISS';
  console.log(`\n- target: <= 1 s on the ${moduleCount}-module project: ${verdict}`);
  console.log(`- ${moduleCount} modules minus 1 module (medians): ${(median(samples[0]) - median(samples[1])).toFixed(3)} s`);
  console.log(`- doctor / check on ${moduleCount} modules (medians): ${(median(samples[2]) / median(samples[0])).toFixed(2)}`);
  // bin/ws-scaffold.js turns on Node's compile cache, or on Node 20 its own for ts-morph (src/startup/compile-cache.ts).
  const compileCache = typeof nodeModule.enableCompileCache === 'function' ? "Node's compile cache" : "ws-scaffold's code cache for ts-morph";
  console.log(`- machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version} (${compileCache}; the reference row loads ts-morph without it)`);
  // The bench itself keeps about one core busy; more than that is other work on the machine.
  const busy = Math.max(loadBefore, loadAfter) > 1 + cpus().length / 4;
  console.log(`- 1-minute load average: ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after${busy ? ' (busy machine: wall times are noisy, compare rows of this run only)' : ''}`);
} finally {
  rmSync(large, { recursive: true, force: true });
  rmSync(small, { recursive: true, force: true });
}
