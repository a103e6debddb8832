#!/usr/bin/env node
// Benchmark: `ws-scaffold add-gateway chat --dry-run` against `nest g gateway chat --dry-run`
// (plus `ws-scaffold --help` / `--version` and two reference rows) in a real, cached Nest 11
// project. Runs are interleaved round-robin so slow drift (thermal, other load) hits every
// command alike. This is a benchmark, not a test: a missed target still exits 0; only a failing
// command, a dry run that writes something, or a broken setup exits 1.
//
//   node bench/add-gateway.mjs [--runs N] [--json]
//
// Node built-ins only; Node >= 20. Progress goes to stderr, the result (table or JSON) to stdout.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError, cachedNestProject } from './cached-nest-project.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'bin', 'ws-scaffold.js');
const RATIO_TARGET = 0.25; // ws-scaffold add-gateway --dry-run / nest g gateway --dry-run (medians)
const SCHEMATIC_RATIO_TARGET = 1.1; // nest g ws-gateway --dry-run / nest g gateway --dry-run (medians)
const HELP_TARGET_S = 0.15; // ws-scaffold --help median
const RUN_TIMEOUT_MS = 120_000;
const GNU_TIME = '/usr/bin/time';

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const options = { runs: 7, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--runs' || arg.startsWith('--runs=')) {
      const value = arg === '--runs' ? argv[++i] : arg.slice('--runs='.length);
      const runs = Number(value);
      if (!Number.isInteger(runs) || runs < 1) throw new BenchError(`--runs needs a positive integer, got ${value}`);
      options.runs = runs;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write('Usage: node bench/add-gateway.mjs [--runs N] [--json]\nSee bench/README.md.\n');
      process.exit(0);
    } else throw new BenchError(`unknown argument: ${arg} (usage: node bench/add-gateway.mjs [--runs N] [--json])`);
  }
  return options;
}

const log = (message) => process.stderr.write(`${message}\n`);

/**
 * This package as users install it (the `npm pack` tarball), so that `nest g ws-gateway` can be timed
 * against `nest g gateway` in the same project. `--no-save` leaves package.json and the lockfile alone.
 */
function installOurPackage(project) {
  const destination = mkdtempSync(join(tmpdir(), 'ws-bench-pack-'));
  try {
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', destination], { cwd: repo, encoding: 'utf8' });
    if (pack.status !== 0) throw new BenchError(`npm pack failed:\n${pack.stderr}`);
    const tarball = join(destination, pack.stdout.trim().split('\n').pop());
    log(`Installing ${tarball} into the bench project (npm install --no-save)`);
    const install = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    if (install.status !== 0) throw new BenchError(`installing ws-scaffold into ${project} failed:\n${install.stderr}`);
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- "a dry run writes nothing"

/** sha256 per file of src/ (recursively), package.json and every other project file outside node_modules. */
function snapshot(project) {
  const files = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (dir === project && (entry.name === 'node_modules' || entry.name === '.git')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(project, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(project);
  if (!files.has('package.json')) throw new BenchError(`${project}/package.json is missing`);
  return files;
}

function changedFiles(before, after) {
  const changed = [];
  for (const [file, hash] of before) {
    if (!after.has(file)) changed.push(`deleted  ${file}`);
    else if (after.get(file) !== hash) changed.push(`modified ${file}`);
  }
  for (const file of after.keys()) if (!before.has(file)) changed.push(`created  ${file}`);
  return changed.sort();
}

function digest(files) {
  const hash = createHash('sha256');
  for (const file of [...files.keys()].sort()) hash.update(`${file}\0${files.get(file)}\n`);
  return hash.digest('hex');
}

// ---------------------------------------------------------------- measuring

function gnuTimeWorks() {
  if (!existsSync(GNU_TIME)) return false;
  const dir = mkdtempSync(join(tmpdir(), 'ws-bench-time-'));
  try {
    const out = join(dir, 'rss');
    const r = spawnSync(GNU_TIME, ['-f', '%M', '-o', out, process.execPath, '-e', '0'], { stdio: 'ignore' });
    return r.status === 0 && /^\d+\s*$/.test(readFileSync(out, 'utf8').trim().split('\n').pop());
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runOnce(command, useTime, rssFile) {
  const [file, ...args] = command.argv;
  const spawnFile = useTime ? GNU_TIME : file;
  const spawnArgs = useTime ? ['-f', '%M', '-o', rssFile, file, ...args] : args;
  // An empty cache folder of its own (src/startup/cache-folder.ts): the run a user gets the first time.
  const caches = command.freshCaches ? mkdtempSync(join(tmpdir(), 'ws-bench-caches-')) : undefined;
  const start = process.hrtime.bigint();
  const result = spawnSync(spawnFile, spawnArgs, {
    cwd: command.cwd,
    env: caches ? { ...process.env, NODE_COMPILE_CACHE: caches } : process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: RUN_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  if (caches) rmSync(caches, { recursive: true, force: true });
  if (result.error || result.status !== 0) {
    const how = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    const tail = (buf) => (buf ? buf.toString().trimEnd().split('\n').slice(-20).join('\n') : '');
    throw new BenchError(
      `"${command.label}" failed (${how})\n  $ ${command.argv.join(' ')}   (cwd ${command.cwd})\n` +
        `--- stdout (tail) ---\n${tail(result.stdout)}\n--- stderr (tail) ---\n${tail(result.stderr)}`,
    );
  }
  let rssMB = null;
  if (useTime) {
    // GNU time appends "Command exited with non-zero status" lines on failure; the last line is %M.
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    if (Number.isFinite(kb)) rssMB = kb / 1024;
  }
  return { wallS, rssMB, stdout: result.stdout.toString() };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------- machine + versions

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => /^model name\s*:/.test(l));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? 'unknown';
}

function versionIn(base, pkg) {
  try {
    return JSON.parse(readFileSync(join(base, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

// ---------------------------------------------------------------- main

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(join(repo, 'dist', 'cli', 'main.js'))) {
    throw new BenchError(`${repo}/dist is not built: run \`npm run build\` (or \`npm run bench\`, which builds first)`);
  }
  const project = cachedNestProject(log);
  installOurPackage(project);
  const nest = join(project, 'node_modules', '.bin', 'nest');
  const node = process.execPath;

  const commands = [
    { key: 'ws-add-gateway', label: 'ws-scaffold add-gateway chat --dry-run', argv: [node, cli, 'add-gateway', 'chat', '--dry-run'] },
    { key: 'nest-g-gateway', label: 'nest g gateway chat --dry-run', argv: [nest, 'g', 'gateway', 'chat', '--dry-run'] },
    { key: 'nest-g-ws-gateway', label: 'nest g ws-gateway chat -c ws-scaffold --dry-run', argv: [nest, 'g', 'ws-gateway', 'chat', '-c', 'ws-scaffold', '--dry-run'] },
    {
      key: 'nest-g-ws-gateway-first',
      label: 'nest g ws-gateway chat -c ws-scaffold --dry-run, first run (no ws-scaffold caches)',
      argv: [nest, 'g', 'ws-gateway', 'chat', '-c', 'ws-scaffold', '--dry-run'],
      freshCaches: true,
    },
    { key: 'ws-help', label: 'ws-scaffold --help', argv: [node, cli, '--help'] },
    { key: 'ws-version', label: 'ws-scaffold --version', argv: [node, cli, '--version'] },
    { key: 'ref-node', label: '(reference) node -e 0', argv: [node, '-e', '0'], reference: true },
    {
      key: 'ref-ts-morph',
      label: '(reference) require ts-morph',
      argv: [node, '-e', `require(${JSON.stringify(join(repo, 'node_modules', 'ts-morph'))})`],
      reference: true,
    },
  ].map((c) => ({ ...c, cwd: project, samples: [] }));

  const useTime = gnuTimeWorks();
  const rssDir = mkdtempSync(join(tmpdir(), 'ws-bench-rss-'));
  const rssFile = join(rssDir, 'rss');
  const baseline = snapshot(project);
  const loadBefore = loadavg();

  const checkUnchanged = (after) => {
    const changed = changedFiles(baseline, snapshot(project));
    if (changed.length) {
      throw new BenchError(
        `a --dry-run changed the project (${project}) — after "${after}":\n  ${changed.join('\n  ')}\n` +
          `The cache is now dirty: delete ${project} and re-run.`,
      );
    }
  };

  try {
    // One untimed warm-up each (page cache, npm/npx resolution), which also checks they all exit 0.
    log(`Warm-up: 1 untimed run of each of ${commands.length} commands`);
    for (const command of commands) {
      const { stdout } = runOnce(command, useTime, rssFile);
      if (command.key === 'ws-version') options.wsVersionOutput = stdout.trim();
      checkUnchanged(command.label);
    }
    // Timed runs: round-robin, and each round starts one command later, so no command is always
    // the one that runs right after (say) the heavy `nest g`.
    for (let round = 0; round < options.runs; round++) {
      log(`Round ${round + 1}/${options.runs}`);
      for (let i = 0; i < commands.length; i++) {
        const command = commands[(round + i) % commands.length];
        command.samples.push(runOnce(command, useTime, rssFile));
        checkUnchanged(command.label);
      }
    }
  } finally {
    rmSync(rssDir, { recursive: true, force: true });
  }
  const loadAfter = loadavg();
  const finalDigest = digest(snapshot(project));
  if (finalDigest !== digest(baseline)) throw new BenchError('the project changed during the benchmark');

  const rows = commands.map((c) => {
    const walls = c.samples.map((s) => s.wallS);
    const rss = c.samples.map((s) => s.rssMB).filter((x) => x !== null);
    return {
      key: c.key,
      command: c.label,
      argv: c.argv,
      reference: Boolean(c.reference),
      medianWallS: median(walls),
      minWallS: Math.min(...walls),
      maxWallS: Math.max(...walls),
      peakRssMB: rss.length ? Math.max(...rss) : null,
      samplesWallS: walls,
      samplesRssMB: c.samples.map((s) => s.rssMB),
    };
  });
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
  const ratio = byKey['ws-add-gateway'].medianWallS / byKey['nest-g-gateway'].medianWallS;
  const helpS = byKey['ws-help'].medianWallS;
  const schematicRatio = byKey['nest-g-ws-gateway'].medianWallS / byKey['nest-g-gateway'].medianWallS;
  const firstRunRatio = byKey['nest-g-ws-gateway-first'].medianWallS / byKey['nest-g-gateway'].medianWallS;

  const result = {
    runs: options.runs,
    interleaved: 'round-robin, start rotated each round; 1 untimed warm-up per command',
    wallTime: 'process.hrtime.bigint() around spawnSync' + (useTime ? ` (of ${GNU_TIME}, which adds ~1 ms to every command)` : ''),
    rss: useTime
      ? `${GNU_TIME} -f %M: max RSS of the largest single process of the tree (not the sum), peak over the timed runs, MB = MiB`
      : 'n/a (no GNU time at /usr/bin/time)',
    project,
    projectDigest: finalDigest,
    dryRunWroteNothing: true,
    machine: {
      cpu: cpuModel(),
      cores: cpus().length,
      totalMemoryGiB: Number((totalmem() / 1024 ** 3).toFixed(1)),
      platform: `${process.platform} ${process.arch}`,
      node: process.version,
      // Other work on the machine inflates and spreads every row alike; compare rows, not runs.
      loadAverage1mBefore: Number(loadBefore[0].toFixed(2)),
      loadAverage1mAfter: Number(loadAfter[0].toFixed(2)),
      busy: Math.max(loadBefore[0], loadAfter[0]) > cpus().length * 0.5,
    },
    versions: {
      'ws-scaffold': options.wsVersionOutput,
      '@nestjs/cli': versionIn(project, '@nestjs/cli'),
      '@nestjs/schematics': versionIn(project, '@nestjs/schematics'),
      typescript: versionIn(project, 'typescript'),
      'ws-scaffold typescript': versionIn(repo, 'typescript'),
      'ws-scaffold ts-morph': versionIn(repo, 'ts-morph'),
    },
    results: rows,
    targets: {
      addGatewayRatio: { value: ratio, target: RATIO_TARGET, pass: ratio <= RATIO_TARGET },
      helpMedianS: { value: helpS, target: HELP_TARGET_S, pass: helpS <= HELP_TARGET_S },
      schematicRatio: { value: schematicRatio, target: SCHEMATIC_RATIO_TARGET, pass: schematicRatio <= SCHEMATIC_RATIO_TARGET },
    },
    reference: { schematicFirstRunRatio: firstRunRatio },
  };

  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }

  const s = (x) => x.toFixed(3);
  const mb = (x) => (x === null ? 'n/a' : x.toFixed(1));
  const lines = [
    `## ws-scaffold add-gateway benchmark (${options.runs} interleaved runs each, after 1 warm-up)`,
    '',
    '| command | median wall (s) | min | max | peak RSS (MB) |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.command} | ${s(r.medianWallS)} | ${s(r.minWallS)} | ${s(r.maxWallS)} | ${mb(r.peakRssMB)} |`),
    '',
    `- ratio ws-scaffold add-gateway --dry-run / nest g gateway --dry-run (medians): ${ratio.toFixed(3)}` +
      ` (target <= ${RATIO_TARGET}) ${ratio <= RATIO_TARGET ? 'PASS' : 'MISS'}`,
    `- ratio nest g ws-gateway --dry-run / nest g gateway --dry-run (medians): ${schematicRatio.toFixed(3)}` +
      ` (target <= ${SCHEMATIC_RATIO_TARGET}) ${schematicRatio <= SCHEMATIC_RATIO_TARGET ? 'PASS' : 'MISS'}`,
    `- (reference) the same, first run with no ws-scaffold caches (compiled code, prettier's answers): ${firstRunRatio.toFixed(3)}`,
    `- ws-scaffold --help median: ${Math.round(helpS * 1000)} ms (target <= ${HELP_TARGET_S * 1000} ms) ${helpS <= HELP_TARGET_S ? 'PASS' : 'MISS'}`,
    `- peak RSS: ${result.rss}`,
    `- wall: ${result.wallTime}`,
    `- dry runs wrote nothing: project files outside node_modules (src/, package.json, ...) hashed before/after every run, unchanged`,
    '',
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.totalMemoryGiB} GiB RAM, ${result.machine.platform}, Node ${result.machine.node}`,
    `Load average (1 min): ${result.machine.loadAverage1mBefore} before, ${result.machine.loadAverage1mAfter} after` +
      (result.machine.busy
        ? ` — the machine was busy (> half its ${result.machine.cores} cores): absolute times are inflated and noisy; the ratio is the more robust number`
        : ''),
    `Versions: ${Object.entries(result.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `Project: ${project}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`\n✖ bench failed: ${error instanceof BenchError ? error.message : error.stack}\n`);
  process.exit(1);
}
