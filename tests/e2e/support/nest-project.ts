/**
 * Real NestJS projects for e2e tests, made by the real `@nestjs/cli` `nest new`.
 *
 * - nestTemplate(major): one fully installed project per Nest major, cached in
 *   <cache root>/nest<major>-r<RECIPE> and reused across test runs. Built in a temp
 *   folder and renamed into place only when complete; a lock serialises builders.
 *   Tests never touch it: they work on a freshProject() copy.
 *   The key is the major (+ RECIPE, bumped when the way we create it changes),
 *   not the resolved CLI version: knowing that version would cost a registry
 *   round-trip on every run and break offline reruns. The resolved versions are
 *   recorded in <cache root>/nest<major>-r<RECIPE>.json; delete the folder to refresh.
 * - Nest 11 runs under the machine's Node (20); Nest 12 under Node 24 (PATH).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { assertIsolatedLocation, cacheRoot, cleanEnv, log, seconds, withLock } from './cache';
import { ensureNode24 } from './node24';
import { run } from './proc';

export { run, RunError, type RunOptions, type RunResult } from './proc';

export type NestMajor = 11 | 12;

/** Bump when the way templates are created changes (flags, post-steps): old caches are then ignored. */
const RECIPE = 1;

export interface NestProject {
  /** The project folder (package.json, src/, node_modules/ ...). */
  dir: string;
  /** The environment every child process for this project must use. */
  env: NodeJS.ProcessEnv;
}

export interface TemplateInfo {
  major: NestMajor;
  recipe: number;
  cliVersion: string;
  coreVersion: string;
  node: string;
  createdAt: string;
  createSeconds: number;
}

export interface NestTemplate extends NestProject {
  info: TemplateInfo;
}

export interface FreshProject extends NestProject {
  major: NestMajor;
  /** Remove the copy (its parent temp folder). Also done at process exit unless WS_SCAFFOLD_KEEP_PROJECTS=1. */
  cleanup(): Promise<void>;
  /** How long the copy took. */
  copyMs: number;
}

/**
 * The environment for a project of this major: cleanEnv() (CI=true, NO_COLOR=1,
 * no VITEST_ / npm_ leftovers) with, for Nest 12, the Node 24 bin folder first on PATH.
 */
export async function projectEnv(major: NestMajor): Promise<NodeJS.ProcessEnv> {
  const env = cleanEnv();
  if (major === 12) {
    const bin = await ensureNode24();
    env.PATH = `${bin}${delimiter}${env.PATH ?? ''}`;
  }
  return env;
}

const templates = new Map<NestMajor, Promise<NestTemplate>>();

/** The cached, fully installed `nest new` project for this major (created on first use). */
export function nestTemplate(major: NestMajor): Promise<NestTemplate> {
  if (major !== 11 && major !== 12) throw new Error(`unsupported Nest major ${String(major)}`);
  let p = templates.get(major);
  if (!p) {
    p = ensureTemplate(major).catch((err: unknown) => {
      templates.delete(major);
      throw err;
    });
    templates.set(major, p);
  }
  return p;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function installedVersion(projectDir: string, pkg: string): string {
  return readJson<{ version: string }>(join(projectDir, 'node_modules', pkg, 'package.json')).version;
}

function templateComplete(dir: string, metaFile: string): boolean {
  return existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'node_modules', '@nestjs', 'core')) && existsSync(metaFile);
}

/** Remove our temp folders (prefix) in `parent` older than `maxAgeMs`: leftovers of killed runs. */
function pruneOld(parent: string, prefix: string, maxAgeMs: number): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const p = join(parent, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > maxAgeMs) rmSync(p, { recursive: true, force: true });
    } catch {
      /* raced with another cleaner */
    }
  }
}

async function ensureTemplate(major: NestMajor): Promise<NestTemplate> {
  const root = cacheRoot();
  const key = `nest${major}-r${RECIPE}`;
  const dir = join(root, key);
  const metaFile = join(root, `${key}.json`);
  const env = await projectEnv(major);
  const done = (): NestTemplate => ({ dir, env: { ...env }, info: readJson<TemplateInfo>(metaFile) });
  if (templateComplete(dir, metaFile)) return done();

  return withLock(key, `creating the Nest ${major} template`, async () => {
    if (templateComplete(dir, metaFile)) return done();
    pruneOld(root, `.tmp-${key}-`, 60 * 60_000);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // incomplete leftover
    const started = Date.now();
    const tmp = mkdtempSync(join(root, `.tmp-${key}-`));
    const logs = join(root, 'logs');
    mkdirSync(logs, { recursive: true });
    const logFile = join(logs, `${key}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
    const transcript: string[] = [];
    const step = async (what: string, cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<string> => {
      const t = Date.now();
      log(`Nest ${major} template: ${what} ...`);
      try {
        const r = await run(cmd, args, { cwd, env, timeoutMs });
        transcript.push(`$ ${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
        log(`Nest ${major} template: ${what} done (${seconds(Date.now() - t)})`);
        return r.stdout + r.stderr;
      } catch (err) {
        transcript.push(`$ ${cmd} ${args.join(' ')}\n${String(err)}`);
        throw err;
      } finally {
        writeFileSync(logFile, transcript.join('\n\n'));
      }
    };
    try {
      // The CLI goes into its own folder (not npx: its shared cache races between processes).
      const cliDir = join(tmp, 'cli');
      mkdirSync(cliDir);
      writeFileSync(join(cliDir, 'package.json'), JSON.stringify({ private: true }) + '\n');
      await step(`npm install @nestjs/cli@${major}`, 'npm', ['install', `@nestjs/cli@${major}`, '--no-audit', '--no-fund'], cliDir, 10 * 60_000);
      const cliVersion = installedVersion(cliDir, '@nestjs/cli');

      // Never pass --strict=false: the CLI takes it for the project name.
      const name = `ws-e2e-nest${major}`;
      const out = await step(
        `nest new (@nestjs/cli ${cliVersion}, npm install inside)`,
        join(cliDir, 'node_modules', '.bin', 'nest'),
        ['new', name, '--skip-git', '--package-manager', 'npm'],
        tmp,
        20 * 60_000,
      );
      const app = join(tmp, name);
      // `nest new` may exit 0 after a failed install: check the result ourselves.
      for (const must of ['package.json', 'package-lock.json', 'node_modules/@nestjs/core', 'node_modules/.bin/nest', 'src/main.ts']) {
        if (!existsSync(join(app, must))) {
          throw new Error(`nest new did not produce ${must} in ${app}. Output:\n${out.slice(-8000)}`);
        }
      }
      const nodeV = (await run('node', ['-v'], { cwd: app, env, timeoutMs: 30_000 })).stdout.trim();
      const info: TemplateInfo = {
        major,
        recipe: RECIPE,
        cliVersion,
        coreVersion: installedVersion(app, '@nestjs/core'),
        node: nodeV,
        createdAt: new Date().toISOString(),
        createSeconds: Math.round((Date.now() - started) / 100) / 10,
      };
      writeFileSync(metaFile, JSON.stringify(info, null, 2) + '\n');
      renameSync(app, dir);
      rmSync(tmp, { recursive: true, force: true });
      log(
        `Nest ${major} template ready: ${dir} (@nestjs/cli ${info.cliVersion}, @nestjs/core ${info.coreVersion}, ` +
          `node ${info.node}, ${seconds(Date.now() - started)}); log: ${logFile}`,
      );
      return done();
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      rmSync(metaFile, { force: true });
      throw new Error(`creating the Nest ${major} template failed (log: ${logFile}):\n${(err as Error).message}`);
    }
  });
}

const TMP_PREFIX = 'ws-scaffold-e2e-';
const pendingCleanups = new Set<string>();
let exitHook = false;
let pruned = false;

function copyRoot(): string {
  return process.env.WS_SCAFFOLD_E2E_TMP || tmpdir();
}

/**
 * A private copy of the template (node_modules included) in a new temp folder
 * outside this repository: `<tmp>/ws-scaffold-e2e-XXXX/<name>`. The copy is
 * independent (`cp -a`, no hard links or symlinks into the template), so a test
 * may `npm install <pkg>` in it without touching the template.
 */
export async function freshProject(major: NestMajor, name: string): Promise<FreshProject> {
  const template = await nestTemplate(major);
  const base = copyRoot();
  if (!pruned) {
    pruned = true;
    pruneOld(base, TMP_PREFIX, 12 * 60 * 60_000); // leftovers of killed runs
  }
  const parent = mkdtempSync(join(base, TMP_PREFIX));
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'app';
  const dir = join(parent, safe);
  assertIsolatedLocation(dir, 'a fresh project');
  pendingCleanups.add(parent);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      if (process.env.WS_SCAFFOLD_KEEP_PROJECTS === '1') return;
      for (const p of pendingCleanups) rmSync(p, { recursive: true, force: true });
    });
  }
  const started = Date.now();
  if (process.platform === 'win32') {
    cpSync(template.dir, dir, { recursive: true, verbatimSymlinks: true });
  } else {
    // `cp -a` is ~3x faster than fs.cp on a 30k-file node_modules (measured: ~1-3 s vs ~8 s).
    await run('cp', ['-a', '--', template.dir, dir], { cwd: parent, env: cleanEnv(), timeoutMs: 5 * 60_000 });
  }
  const copyMs = Date.now() - started;
  log(`fresh Nest ${major} project ${dir} (copied in ${seconds(copyMs)})`);
  return {
    dir,
    env: { ...template.env },
    major,
    copyMs,
    cleanup: async () => {
      if (process.env.WS_SCAFFOLD_KEEP_PROJECTS === '1') return;
      await rm(parent, { recursive: true, force: true });
      pendingCleanups.delete(parent);
    },
  };
}
