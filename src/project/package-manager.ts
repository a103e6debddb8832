import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Tree } from '../tree/tree';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** What the project says about its package manager, read from its files only (no tool is run). */
export interface PackageManagerSignal {
  /** The tool; with two lockfiles, the first of `candidates` (the install step decides between them). */
  name: PackageManager;
  /** yarn 2+ ("berry"): installs are immutable in CI unless told otherwise. */
  berry: boolean;
  /** What said so: `package.json "packageManager"`, `yarn.lock`, ... or `no lockfile`. */
  source: string;
  /** More than one when lockfiles of several tools are there, each with the file that names it. */
  candidates: { name: PackageManager; berry: boolean; source: string }[];
}

interface PackageJsonFields {
  packageManager?: unknown;
  devEngines?: { packageManager?: unknown };
}

const TOOLS: readonly PackageManager[] = ['npm', 'pnpm', 'yarn', 'bun'];

/** Each tool's lockfiles, tools in the order a tie is listed. */
const LOCKFILES: readonly [PackageManager, readonly string[]][] = [
  ['pnpm', ['pnpm-lock.yaml']],
  ['yarn', ['yarn.lock']],
  ['bun', ['bun.lock', 'bun.lockb']],
  ['npm', ['package-lock.json', 'npm-shrinkwrap.json']],
];

/**
 * The package manager as corepack and the tools themselves see it: `packageManager` in
 * package.json (`yarn@4.5.0`, `pnpm@9.1.0+sha...`), then `devEngines.packageManager`, then the
 * lockfile; none of them: npm. yarn is berry when its version is 2 or more, its lockfile has
 * `__metadata`, or the project has a `.yarnrc.yml`.
 */
export function detectPackageManager(tree: Tree, pkg: PackageJsonFields): PackageManagerSignal {
  const declared =
    declaredManager(pkg.packageManager, 'packageManager') ?? declaredManager(devEnginesName(pkg.devEngines?.packageManager), 'devEngines.packageManager');
  if (declared) {
    const berry = declared.name === 'yarn' && (declared.major === undefined ? yarnIsBerry(tree) : declared.major >= 2);
    const source = `package.json "${declared.field}"`;
    return { name: declared.name, berry, source, candidates: [{ name: declared.name, berry, source }] };
  }
  const candidates = LOCKFILES.flatMap(([name, files]) => {
    const file = files.find((f) => tree.exists(f));
    return file ? [{ name, berry: name === 'yarn' && yarnIsBerry(tree), source: file }] : [];
  });
  if (candidates.length === 0) return { name: 'npm', berry: false, source: 'no lockfile', candidates: [{ name: 'npm', berry: false, source: 'no lockfile' }] };
  return { ...candidates[0], candidates };
}

function declaredManager(value: unknown, field: string): { name: PackageManager; major?: number; field: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(npm|pnpm|yarn|bun)(?:@(\d+))?/.exec(value.trim());
  if (!match) return undefined;
  return { name: match[1] as PackageManager, major: match[2] === undefined ? undefined : Number(match[2]), field };
}

/** `devEngines.packageManager` is `{ name, version }` or a list of them (npm's field). */
function devEnginesName(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (!first || typeof first !== 'object') return undefined;
  const { name, version } = first as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || !TOOLS.includes(name as PackageManager)) return undefined;
  const major = typeof version === 'string' ? /\d+/.exec(version)?.[0] : undefined;
  return major ? `${name}@${major}` : name;
}

function yarnIsBerry(tree: Tree): boolean {
  if (tree.exists('.yarnrc.yml')) return true;
  return /^__metadata:/m.test(tree.read('yarn.lock') ?? '');
}

/** The path of an executable named `command` on PATH (with PATHEXT on Windows), if there is one. */
export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const folders = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const folder of folders) {
    for (const extension of extensions) {
      const candidate = join(folder, command + extension);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
