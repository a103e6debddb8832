#!/usr/bin/env node
// Benchmark (not a test): `ws-scaffold check` on a synthetic 2,000-module Nest project, side by side
// with the same check on a one-module project, in the same run. Target: <= 1 s on the large one.
//   node bench/check.mjs [--runs N] [--modules N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
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

function timeCheck(root) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, 'check', '--cwd', root], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`check did not pass (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return seconds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const large = makeProject(moduleCount);
const small = makeProject(1);
try {
  timeCheck(large);
  timeCheck(small); // warm-up, untimed
  const samples = { large: [], small: [] };
  for (let i = 0; i < runs; i++) {
    samples.large.push(timeCheck(large));
    samples.small.push(timeCheck(small));
  }
  const row = (label, xs) => `| ${label} | ${median(xs).toFixed(3)} | ${Math.min(...xs).toFixed(3)} | ${Math.max(...xs).toFixed(3)} |`;
  console.log(`## ws-scaffold check (${runs} interleaved runs each, after 1 warm-up)\n`);
  console.log('| project | median wall (s) | min | max |\n| --- | ---: | ---: | ---: |');
  console.log(row(`${moduleCount} modules`, samples.large));
  console.log(row('1 module (fresh-project time)', samples.small));
  const verdict = median(samples.large) <= 1 ? 'PASS' : 'MISS';
  console.log(`\n- target: <= 1 s on the ${moduleCount}-module project: ${verdict}`);
  console.log(`- machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`);
} finally {
  rmSync(large, { recursive: true, force: true });
  rmSync(small, { recursive: true, force: true });
}
