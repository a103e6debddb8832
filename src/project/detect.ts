import type { ParseError } from 'jsonc-parser';
import { posix } from 'node:path';
import { UsageError } from '../errors';
import type { Tree } from '../tree/tree';
import { parseJsonc } from './jsonc';
import { detectPackageManager, type PackageManager, type PackageManagerSignal } from './package-manager';

export type { PackageManager, PackageManagerSignal } from './package-manager';

/** Everything a generator needs to know about the project it writes into, read once. */
export interface ProjectInfo {
  nestMajor: number;
  /** The installed @nestjs/core version, else its declared range. */
  nestVersion: string;
  moduleSystem: 'esm' | 'cjs';
  /** Appended to relative imports: `.js` in ESM projects, where Node needs the extension. */
  importSuffix: '' | '.js';
  testRunner: 'jest' | 'vitest' | 'none';
  /** Project-relative, POSIX, no trailing slash: `src`, `apps/api/src`. */
  sourceRoot: string;
  /** The nest-cli.json project chosen with --project, in a monorepo (none for the default one). */
  projectName?: string;
  packageManager: PackageManager;
  /** Why that package manager, and the others a second lockfile names. */
  packageManagerSignal: PackageManagerSignal;
  /** The project pins exact versions (`save-exact` in .npmrc, or every dependency is exact). */
  savesExact: boolean;
  /** The prettier config file (or `package.json`) when the project has one. */
  prettierConfig?: string;
  httpPlatform: 'express' | 'fastify';
  /** The bootstrap file, from nest-cli.json `entryFile` (default `main`). */
  mainFile: string;
  /** Names of every declared dependency and devDependency. */
  dependencies: string[];
}

/** The Nest majors the generated code is written and tested for. */
export const SUPPORTED_NEST_MAJORS: readonly number[] = [11, 12];
const SUPPORTED_RANGE = SUPPORTED_NEST_MAJORS.map((major) => `^${major}.0.0`).join(' || ');

export interface PackageJson {
  type?: string;
  packageManager?: string;
  devEngines?: { packageManager?: unknown };
  prettier?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface NestCliProject {
  root?: string;
  sourceRoot?: string;
  entryFile?: string;
}

interface NestCliJson extends NestCliProject {
  monorepo?: boolean;
  projects?: Record<string, NestCliProject>;
}

const PRETTIER_FILES = [
  '.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.toml',
  '.prettierrc.js', '.prettierrc.cjs', '.prettierrc.mjs', '.prettierrc.ts', 'prettier.config.js', 'prettier.config.cjs',
  'prettier.config.mjs', 'prettier.config.ts',
];

/**
 * Reads the project in the order that lets a failure say the most useful thing first: package.json,
 * then the Nest major (anything but a supported one stops here, before any planning), then
 * nest-cli.json (which project, which source root), then the rest.
 */
export function detectProject(tree: Tree, options: { project?: string } = {}): ProjectInfo {
  const { pkg, nest } = detectNest(tree);
  const deps = { ...pkg.devDependencies, ...pkg.dependencies };
  const moduleSystem = pkg.type === 'module' || tsconfigModuleIsEsm(tree) ? 'esm' : 'cjs';
  const { sourceRoot, projectName, mainFile } = detectSourceRoot(tree, options.project);
  const packageManagerSignal = detectPackageManager(tree, pkg);
  return {
    nestMajor: nest.major,
    nestVersion: nest.version,
    moduleSystem,
    importSuffix: moduleSystem === 'esm' ? '.js' : '',
    testRunner: deps.vitest ? 'vitest' : deps.jest ? 'jest' : 'none',
    sourceRoot,
    projectName,
    packageManager: packageManagerSignal.name,
    packageManagerSignal,
    savesExact: savesExact(tree, deps),
    prettierConfig: PRETTIER_FILES.find((f) => tree.exists(f)) ?? (pkg.prettier ? 'package.json' : undefined),
    httpPlatform: deps['@nestjs/platform-fastify'] ? 'fastify' : 'express',
    mainFile,
    dependencies: Object.keys(deps).sort(),
  };
}

/**
 * package.json and the Nest version, checked before anything else by every command: ws-scaffold
 * writes code for the supported majors only (another major would get packages of the wrong major
 * and code its TypeScript cannot compile).
 */
export function detectNest(tree: Tree): { pkg: PackageJson; nest: { major: number; version: string } } {
  const pkg = readPackageJson(tree);
  const declared = pkg.dependencies?.['@nestjs/core'] ?? pkg.devDependencies?.['@nestjs/core'];
  if (declared === undefined) throw new UsageError(`${tree.root} is not a NestJS project: package.json does not depend on @nestjs/core.`);
  const installed = readJson<{ version?: unknown }>(tree, 'node_modules/@nestjs/core/package.json', { quiet: true })?.version;
  const installedMajor = typeof installed === 'string' ? /^v?(\d+)\.\d+\.\d+/.exec(installed)?.[1] : undefined;
  const source = installedMajor ? `@nestjs/core ${installed as string} is installed` : `package.json declares @nestjs/core "${declared}"`;
  const major = installedMajor ? Number(installedMajor) : declaredMajor(declared);
  if (major === undefined) {
    throw new UsageError(`cannot tell the Nest major from @nestjs/core "${declared}" in package.json: install the dependencies first (the installed version is read).`);
  }
  if (!SUPPORTED_NEST_MAJORS.includes(major)) {
    throw new UsageError(`Nest ${major} is not supported (${source}): ws-scaffold supports Nest ${SUPPORTED_NEST_MAJORS.join(' and ')} (@nestjs/core ${SUPPORTED_RANGE}).`);
  }
  return { pkg, nest: { major, version: installedMajor ? (installed as string) : declared } };
}

/** The highest major a range names (`^10.0.0 || ^11.0.0` installs 11); tags and URLs name none. */
function declaredMajor(range: string): number | undefined {
  const majors = range
    .replace(/^npm:@nestjs\/core@/, '')
    .split('||')
    .map((alternative) => /^\s*(?:workspace:)?[\^~>=<v\s]*(\d+)(?:\.|\s|$|x|\*)/.exec(alternative)?.[1])
    .filter((major): major is string => major !== undefined)
    .map(Number);
  return majors.length ? Math.max(...majors) : undefined;
}

function readPackageJson(tree: Tree): PackageJson {
  const pkg = readJson<unknown>(tree, 'package.json');
  if (pkg === undefined) throw new UsageError(`${tree.root} has no package.json: run ws-scaffold inside a NestJS project (or pass --cwd).`);
  if (!isObject(pkg)) throw new UsageError(`package.json holds ${kindOf(pkg)}, not an object: fix it first.`);
  for (const section of ['dependencies', 'devDependencies'] as const) {
    const value = pkg[section];
    if (value !== undefined && (!isObject(value) || Object.values(value).some((range) => typeof range !== 'string'))) {
      throw new UsageError(`package.json: "${section}" must be an object of version strings: fix it first.`);
    }
  }
  return pkg as PackageJson;
}

/** A `"type": "commonjs"` package compiled with `module: esnext` still runs as ESM via a bundler. */
function tsconfigModuleIsEsm(tree: Tree): boolean {
  const options = readJson<{ compilerOptions?: { module?: unknown } }>(tree, 'tsconfig.json')?.compilerOptions;
  return typeof options?.module === 'string' && /^es(next|20\d\d|6)$/i.test(options.module);
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

/**
 * The source root as `nest g` picks it: with --project, that project's; without, the top-level
 * `sourceRoot` (default `src`) and `entryFile`. A monorepo whose default holds no files has no
 * usable default: the user chooses, from the projects listed.
 */
function detectSourceRoot(tree: Tree, project: string | undefined): { sourceRoot: string; projectName?: string; mainFile: string } {
  const file = tree.exists('nest-cli.json') ? 'nest-cli.json' : tree.exists('.nest-cli.json') ? '.nest-cli.json' : undefined;
  const cli = file ? readNestCli(tree, file) : {};
  const projects = cli.projects ?? {};
  const names = Object.keys(projects);
  const listed = names.length ? ` (projects: ${names.join(', ')})` : '';
  const located = (sourceRoot: string, entryFile: string, where: string) => ({
    sourceRoot,
    mainFile: insideProject(posix.join(sourceRoot, `${entryFile}.ts`), file ?? 'nest-cli.json', `${where}"entryFile"`, entryFile),
  });

  if (project) {
    if (!Object.hasOwn(projects, project)) throw new UsageError(`no project "${project}" in ${file ?? 'nest-cli.json'}${listed}.`);
    const entry = projects[project];
    const where = `projects.${project}.`;
    const sourceRoot = insideProject(entry.sourceRoot ?? posix.join(entry.root ?? '', 'src'), file!, `${where}"sourceRoot"`, entry.sourceRoot ?? entry.root ?? '');
    return { ...located(sourceRoot, entry.entryFile ?? cli.entryFile ?? 'main', entry.entryFile ? where : ''), projectName: project };
  }
  const sourceRoot = cli.sourceRoot === undefined ? 'src' : insideProject(cli.sourceRoot, file!, '"sourceRoot"', cli.sourceRoot);
  const monorepo = cli.monorepo === true || names.length > 0;
  if (monorepo && tree.listFiles(sourceRoot).length === 0) {
    const why = cli.sourceRoot === undefined ? 'no top-level "sourceRoot"' : `its "sourceRoot" ${sourceRoot} holds no files`;
    throw new UsageError(`${file} has no usable default project (${why}): choose one with --project <name>${listed}.`);
  }
  return located(sourceRoot, cli.entryFile ?? 'main', '');
}

function readNestCli(tree: Tree, file: string): NestCliJson {
  const cli = readJson<unknown>(tree, file);
  if (cli === null || cli === undefined) return {};
  if (!isObject(cli)) throw new UsageError(`${file} holds ${kindOf(cli)}, not an object: fix it first.`);
  const check = (entry: Record<string, unknown>, where: string) => {
    for (const key of ['root', 'sourceRoot', 'entryFile']) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') throw new UsageError(`${file}: ${where}"${key}" must be a string.`);
    }
  };
  check(cli, '');
  if (cli.projects !== undefined) {
    if (!isObject(cli.projects)) throw new UsageError(`${file}: "projects" must be an object of projects.`);
    for (const [name, entry] of Object.entries(cli.projects)) {
      if (!isObject(entry)) throw new UsageError(`${file}: projects.${name} must be an object.`);
      check(entry, `projects.${name}.`);
    }
  }
  return cli as NestCliJson;
}

/**
 * A folder or file nest-cli.json names, project-relative: never absolute, outside the project, or
 * inside .git or node_modules, whatever the file says.
 */
function insideProject(path: string, file: string, field: string, given: string): string {
  const normal = normalise(path);
  const absolute = /^([A-Za-z]:|[\\/])/.test(path.trim());
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f]/.test(path);
  const first = normal.split('/')[0];
  if (absolute || control || normal === '..' || normal.startsWith('../') || first === '.git' || first === 'node_modules') {
    throw new UsageError(`${file}: ${field} ${JSON.stringify(given)} is not a path inside the project (relative, not into .git or node_modules); ws-scaffold writes only there.`);
  }
  return normal;
}

const normalise = (path: string): string => posix.normalize(path.trim().replace(/\\/g, '/')).replace(/^(\.\/)+|\/+$/g, '') || '.';

const EXACT_VERSION = /^=?v?\d+\.\d+\.\d+(?:[-+][\w.+-]*)?$/;

/**
 * Exact pins, as npm would save them: `save-exact=true` in .npmrc (yarn berry:
 * `defaultSemverRangePrefix: ""`), or every registry dependency already pinned exactly.
 */
function savesExact(tree: Tree, deps: Record<string, string>): boolean {
  const npmrc = /^\s*save-exact\s*=\s*(\w+)/m.exec(tree.read('.npmrc') ?? '')?.[1];
  if (npmrc !== undefined) return npmrc === 'true';
  if (/^\s*defaultSemverRangePrefix\s*:\s*(""|'')\s*$/m.test(tree.read('.yarnrc.yml') ?? '')) return true;
  const versions = Object.values(deps)
    .map((spec) => spec.replace(/^npm:(@?[^@]+)@/, ''))
    .filter((spec) => !/^(file|link|workspace|portal|patch|git|git\+\w+|https?|github):|\//.test(spec));
  return versions.length > 0 && versions.every((spec) => EXACT_VERSION.test(spec.trim()));
}

/** A JSON file of the project; undefined when it is missing. Invalid JSON is an error unless `quiet`. */
export function readJson<T>(tree: Tree, path: string, options: { quiet?: boolean } = {}): T | undefined {
  const text = tree.read(path);
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length) {
    if (options.quiet) return undefined;
    throw new UsageError(`${path} is not valid JSON (at ${position(text, errors[0].offset)}); fix it first.`);
  }
  return value as T;
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);
