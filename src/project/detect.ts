import type { ParseError } from 'jsonc-parser';
import { posix } from 'node:path';
import { UsageError } from '../errors';
import type { Tree } from '../tree/tree';
import { parseJsonc } from './jsonc';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** Everything a generator needs to know about the project it writes into, read once. */
export interface ProjectInfo {
  nestMajor: number;
  moduleSystem: 'esm' | 'cjs';
  /** Appended to relative imports: `.js` in ESM projects, where Node needs the extension. */
  importSuffix: '' | '.js';
  testRunner: 'jest' | 'vitest' | 'none';
  /** Project-relative, POSIX, no trailing slash: `src`, `apps/api/src`. */
  sourceRoot: string;
  /** The nest-cli.json project used, in a monorepo. */
  projectName?: string;
  packageManager: PackageManager;
  /** The prettier config file (or `package.json`) when the project has one. */
  prettierConfig?: string;
  httpPlatform: 'express' | 'fastify';
  /** The bootstrap file, from nest-cli.json `entryFile` (default `main`). */
  mainFile: string;
  /** Names of every declared dependency and devDependency. */
  dependencies: string[];
}

interface PackageJson {
  type?: string;
  packageManager?: string;
  prettier?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface NestCliJson {
  sourceRoot?: string;
  entryFile?: string;
  projects?: Record<string, { root?: string; sourceRoot?: string; entryFile?: string }>;
}

const PRETTIER_FILES = [
  '.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.toml',
  '.prettierrc.js', '.prettierrc.cjs', '.prettierrc.mjs', '.prettierrc.ts', 'prettier.config.js', 'prettier.config.cjs',
  'prettier.config.mjs', 'prettier.config.ts',
];

export function detectProject(tree: Tree, options: { project?: string } = {}): ProjectInfo {
  const pkg = readJson<PackageJson>(tree, 'package.json');
  if (!pkg) throw new UsageError(`${tree.root} has no package.json: run ws-scaffold inside a NestJS project (or pass --cwd).`);
  const deps = { ...pkg.devDependencies, ...pkg.dependencies };
  const nestMajor = detectNestMajor(tree, deps);
  if (nestMajor === undefined) {
    throw new UsageError(`${tree.root} is not a NestJS project: package.json does not depend on @nestjs/core.`);
  }
  const moduleSystem = pkg.type === 'module' || tsconfigModuleIsEsm(tree) ? 'esm' : 'cjs';
  const { sourceRoot, projectName, entryFile } = detectSourceRoot(tree, options.project);
  return {
    nestMajor,
    moduleSystem,
    importSuffix: moduleSystem === 'esm' ? '.js' : '',
    testRunner: deps.vitest ? 'vitest' : deps.jest ? 'jest' : 'none',
    sourceRoot,
    projectName,
    packageManager: detectPackageManager(tree, pkg),
    prettierConfig: PRETTIER_FILES.find((f) => tree.exists(f)) ?? (pkg.prettier ? 'package.json' : undefined),
    httpPlatform: deps['@nestjs/platform-fastify'] ? 'fastify' : 'express',
    mainFile: posix.join(sourceRoot, `${entryFile}.ts`),
    dependencies: Object.keys(deps).sort(),
  };
}

/** The installed @nestjs/core wins over the declared range, which may be a tag or a URL. */
function detectNestMajor(tree: Tree, deps: Record<string, string>): number | undefined {
  if (!deps['@nestjs/core']) return undefined;
  const installed = readJson<{ version?: string }>(tree, 'node_modules/@nestjs/core/package.json')?.version;
  const major = /(\d+)\./.exec(installed ?? '')?.[1] ?? /(\d+)/.exec(deps['@nestjs/core'])?.[1];
  if (!major) throw new UsageError(`cannot tell the Nest major from @nestjs/core "${deps['@nestjs/core']}"; install dependencies first.`);
  return Number(major);
}

/** A `"type": "commonjs"` package compiled with `module: esnext` still runs as ESM via a bundler. */
function tsconfigModuleIsEsm(tree: Tree): boolean {
  const options = readJson<{ compilerOptions?: { module?: string } }>(tree, 'tsconfig.json')?.compilerOptions;
  return /^es(next|20\d\d|6)$/i.test(options?.module ?? '');
}

/**
 * tsconfig.json `paths` with `baseUrl` applied, project-relative: where `@app/shared`-style imports
 * lead (a Nest monorepo's libraries). Only the root tsconfig.json is read.
 */
export function tsconfigPathAliases(tree: Tree): Record<string, string[]> {
  const options = readJson<{ compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } }>(tree, 'tsconfig.json')?.compilerOptions;
  const base = options?.baseUrl ?? '.';
  return Object.fromEntries(
    Object.entries(options?.paths ?? {}).map(([alias, targets]) => [alias, targets.map((target) => posix.normalize(posix.join(base, target)))]),
  );
}

function detectSourceRoot(tree: Tree, project: string | undefined): { sourceRoot: string; projectName?: string; entryFile: string } {
  const cli = readJson<NestCliJson>(tree, 'nest-cli.json') ?? readJson<NestCliJson>(tree, '.nest-cli.json') ?? {};
  if (project) {
    const entry = cli.projects?.[project];
    if (!entry) {
      const known = Object.keys(cli.projects ?? {});
      throw new UsageError(`no project "${project}" in nest-cli.json${known.length ? ` (projects: ${known.join(', ')})` : ''}.`);
    }
    const sourceRoot = entry.sourceRoot ?? posix.join(entry.root ?? '', 'src');
    return { sourceRoot: trimSlashes(sourceRoot), projectName: project, entryFile: entry.entryFile ?? cli.entryFile ?? 'main' };
  }
  return { sourceRoot: trimSlashes(cli.sourceRoot ?? 'src'), entryFile: cli.entryFile ?? 'main' };
}

function detectPackageManager(tree: Tree, pkg: PackageJson): PackageManager {
  const declared = /^(npm|pnpm|yarn|bun)@/.exec(pkg.packageManager ?? '')?.[1];
  if (declared) return declared as PackageManager;
  if (tree.exists('pnpm-lock.yaml')) return 'pnpm';
  if (tree.exists('yarn.lock')) return 'yarn';
  if (tree.exists('bun.lock') || tree.exists('bun.lockb')) return 'bun';
  return 'npm';
}

export function readJson<T>(tree: Tree, path: string): T | undefined {
  const text = tree.read(path);
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length) throw new UsageError(`${path} is not valid JSON; fix it first.`);
  return value as T;
}

const trimSlashes = (path: string): string => path.replace(/^\.?\/+|\/+$/g, '') || '.';
