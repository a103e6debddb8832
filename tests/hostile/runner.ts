/**
 * The hostile corpus' runner: a sandbox per case (a temp folder holding the project and a sibling
 * folder, `outside/`), the built CLI run in it as a user runs it, a digest of the whole sandbox
 * before and after, and the checks every answer to bad input must pass.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

export const REPO = join(__dirname, '..', '..');
const BIN = join(REPO, 'bin', 'ws-scaffold.js');
const DRIVER = join(__dirname, 'driver.cjs');

/** Child processes at once: modest, the machines have 2 cores shared with other work. */
const JOBS = Number(process.env.WS_SCAFFOLD_HOSTILE_JOBS ?? 3);

export interface Sandbox {
  /** The temp folder: `project/` and `outside/`. */
  root: string;
  project: string;
  outside: string;
}

export type Files = Record<string, string>;

/** A sandbox whose project holds `files`; `outside/` holds a file and a folder for links to aim at. */
export function sandboxWith(files: Files): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'ws-scaffold-hostile-'));
  const box = { root, project: join(root, 'project'), outside: join(root, 'outside') };
  write(box.project, files);
  write(box.outside, { 'notes.txt': 'not the project\n', 'src/outside.module.ts': "import { Module } from '@nestjs/common';\n\n@Module({})\nexport class OutsideModule {}\n", 'empty/.keep': '' });
  return box;
}

/** A fresh copy of a prepared sandbox (links and modes kept). */
export function copySandbox(template: Sandbox): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'ws-scaffold-hostile-'));
  cpSync(template.root, root, { recursive: true, verbatimSymlinks: true });
  return { root, project: join(root, 'project'), outside: join(root, 'outside') };
}

export function write(dir: string, files: Files): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

export const removeSandbox = (box: Sandbox): void => rmSync(box.root, { recursive: true, force: true });

/**
 * Every entry below `root`, one line each: path, kind, mode, and the content's hash (a file) or the
 * target (a link). Folders count too, so a new empty folder or a changed mode is a change.
 */
export function digest(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const stat = lstatSync(full);
      const mode = (stat.mode & 0o7777).toString(8);
      const path = relative(root, full);
      if (stat.isSymbolicLink()) entries.set(path, `link ${readlinkSync(full)}`);
      else if (stat.isDirectory()) {
        entries.set(path, `dir ${mode}`);
        walk(full);
      } else entries.set(path, `file ${mode} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
    }
  };
  walk(root);
  return entries;
}

/** What differs between two digests, as `+ path`, `- path`, `~ path` lines (empty: nothing changed). */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const [path, entry] of after) if (!before.has(path)) lines.push(`+ ${path}`);
  else if (before.get(path) !== entry) lines.push(`~ ${path}`);
  for (const path of before.keys()) if (!after.has(path)) lines.push(`- ${path}`);
  return lines;
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let running = 0;
const queue: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= JOBS) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    queue.shift()?.();
  }
}

/** CI's environment: no terminal, so nothing is asked and nothing is coloured. */
const ENV: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NODE_DEBUG: '' };
delete ENV.FORCE_COLOR;

/** Where a run starts: its folder, and whether that folder is deleted just before (a shell still standing in it). */
export interface RunFrom {
  deleteCwd?: boolean;
}

/** `ws-scaffold <args>` in `cwd` as its own process, as CI runs it: no terminal, so nothing is asked. */
export const cliProcess = (args: string[], cwd: string, from: RunFrom = {}): Promise<Run> =>
  slot(
    () =>
      new Promise((resolve, reject) => {
        const child = from.deleteCwd
          ? spawn('/bin/sh', ['-c', 'cd "$0" && rmdir "$0" && exec "$@"', cwd, process.execPath, BIN, ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] })
          : spawn(process.execPath, [BIN, ...args], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.on('error', reject);
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          resolve({ code, signal, stdout, stderr });
        });
      }),
  );

/*
 * The drivers (driver.cjs): JOBS processes that each run the built CLI's main() for one command
 * line after another, so that Node and the CLI start once per driver instead of once per case.
 * The corpus checks on a sample that a driver answers byte for byte as `node bin/ws-scaffold.js`.
 */
interface Driver {
  child: ChildProcess;
  busy: boolean;
  /** Settles once the driver has loaded the CLI and listens. */
  ready: Promise<void>;
}
const drivers: Driver[] = [];
let nextId = 0;

function startDriver(): Driver {
  const child = fork(DRIVER, [], { env: ENV, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the CLI driver exited (${code}) while starting`)));
  });
  const driver = { child, busy: false, ready };
  child.on('exit', () => drivers.splice(drivers.indexOf(driver) >>> 0, 1));
  drivers.push(driver);
  return driver;
}

const inDriver = (args: string[], cwd: string, from: RunFrom = {}): Promise<Run> =>
  slot(
    () =>
      new Promise((resolve, reject) => {
        const driver = drivers.find((d) => !d.busy && d.child.connected) ?? startDriver();
        driver.busy = true;
        driver.ready.catch(reject);
        const id = nextId++;
        const timer = setTimeout(() => {
          // A run that never ends: that driver is done for, the next case gets a new one.
          driver.child.kill('SIGKILL');
          cleanup();
          resolve({ code: null, signal: 'SIGKILL', stdout: '', stderr: 'the run did not end within 60 s' });
        }, 60_000);
        const onMessage = (answer: { id: number; code: number; stdout: string; stderr: string }) => {
          if (answer.id !== id) return;
          cleanup();
          resolve({ code: answer.code, signal: null, stdout: answer.stdout, stderr: answer.stderr });
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
          cleanup();
          reject(new Error(`the CLI driver exited (${signal ?? code}) during ws-scaffold ${args.join(' ')}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          driver.busy = false;
          driver.child.off('message', onMessage).off('exit', onExit);
        };
        driver.child.on('message', onMessage).on('exit', onExit);
        void driver.ready.then(() => driver.child.send({ id, cwd, args, deleteCwd: from.deleteCwd }));
      }),
  );

/** `ws-scaffold <args>` in `cwd`: through a driver, or (WS_SCAFFOLD_HOSTILE_PROCESSES=1) a process each. */
export const cli = (args: string[], cwd: string, from: RunFrom = {}): Promise<Run> =>
  process.env.WS_SCAFFOLD_HOSTILE_PROCESSES === '1' ? cliProcess(args, cwd, from) : inDriver(args, cwd, from);

export function stopDrivers(): void {
  for (const driver of [...drivers]) driver.child.kill();
}

/** Bytes a terminal would act on: C0 and C1 controls (but tab and newline), bidi overrides. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const STACK_TRACE = /^\s+at |node:internal|\n\s*at [\w.<>]+ \(/m;

/**
 * What is wrong with an answer to bad input, if anything. Never a stack trace or a raw control
 * character, in either stream. An error (exit 1, 3): as text, at most two lines on stderr and
 * nothing on stdout (exit 3 prints the snippet to paste: its first line says so); with --json, one
 * JSON document with ok: false and the exit code. Drift (exit 2, what `check` says of a manifest
 * entry it cannot re-plan): the report on stdout, or one JSON document with ok: true.
 */
export function badInputProblems(run: Run, json: boolean): string[] {
  const problems: string[] = [];
  for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    if (STACK_TRACE.test(text)) problems.push(`a stack trace on ${name}`);
    if (RAW_CONTROL.test(text)) problems.push(`a raw control character on ${name}`);
  }
  if (json) {
    let result: { ok?: unknown; exitCode?: unknown; error?: { message?: unknown } } | undefined;
    try {
      result = JSON.parse(run.stdout);
    } catch {
      problems.push('stdout is not one JSON document');
    }
    if (result) {
      if (result.ok !== (run.code === 2)) problems.push(`ok is ${String(result.ok)} on exit ${run.code}`);
      if (result.exitCode !== run.code) problems.push(`exitCode ${String(result.exitCode)} is not the exit code ${run.code}`);
      const message = result.error?.message;
      if (run.code !== 2 && (typeof message !== 'string' || message.includes('\n') || RAW_CONTROL.test(message))) problems.push('error.message is not one printable line');
    }
    if (run.stderr.trim() !== '') problems.push('output on stderr besides the JSON document');
    return problems;
  }
  const lines = run.stderr.trimEnd().split('\n');
  if (run.code === 2) {
    if (run.stdout.trim() === '') problems.push('no report on stdout');
    if (run.stderr.trim() !== '') problems.push('output on stderr');
    return problems;
  }
  if (run.stdout.trim() !== '') problems.push('output on stdout');
  if (run.code === 3) {
    if (!/^Refused: /.test(lines[0])) problems.push('a refusal that does not start with "Refused:"');
  } else {
    if (run.stderr.trim() === '') problems.push('no message');
    if (lines.length > 2) problems.push(`${lines.length} lines of message (at most 2)`);
    if (!/^Error: /.test(lines[0])) problems.push('the message does not start with "Error: "');
  }
  if (lines.some((line) => line.length > 1000)) problems.push('a message line longer than 1000 characters');
  return problems;
}

/**
 * Type-checks the TypeScript files below each project (all in one program: one start-up), with the
 * compiler settings `nest new` writes (Nest 11) and Node's types. The packages the generated code
 * imports (@nestjs/*, socket.io, class-validator) are not installed in a sandbox: an import of one
 * is left unresolved (its names type as errors, which check as anything), and everything else is
 * checked: syntax, names, members, the generated files' imports of each other. Specs are left out
 * (no test runner's types either). Returns each project's diagnostics, one line each.
 */
export function typeCheck(projects: string[]): Map<string, string[]> {
  const program = ts.createProgram(
    projects.flatMap((project) => sourceFiles(project)),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      resolvePackageJsonExports: true,
      esModuleInterop: true,
      isolatedModules: true,
      emitDecoratorMetadata: true,
      experimentalDecorators: true,
      allowSyntheticDefaultImports: true,
      target: ts.ScriptTarget.ES2023,
      skipLibCheck: true,
      strictNullChecks: true,
      forceConsistentCasingInFileNames: true,
      noImplicitAny: false,
      noEmit: true,
      typeRoots: [join(REPO, 'node_modules', '@types')],
      types: ['node'],
    },
  );
  const result = new Map<string, string[]>(projects.map((project) => [project, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    // A package the sandbox has not installed.
    if (diagnostic.code === 2307 && /^Cannot find module '[^.]/.test(text)) continue;
    const file = diagnostic.file?.fileName ?? '';
    const project = projects.find((p) => file.startsWith(`${p}/`));
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 0;
    result.get(project ?? projects[0])!.push(`${project ? relative(project, file) : file}:${line}: TS${diagnostic.code} ${text}`);
  }
  return result;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return entry.isFile() && /\.ts$/.test(entry.name) && !/\.(d|spec)\.ts$/.test(entry.name) ? [full] : [];
  });
}
