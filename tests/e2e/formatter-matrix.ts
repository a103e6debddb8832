/**
 * The formatter matrix: formatting is not drift. Run per Nest major by
 * formatter-matrix.nest11.e2e.test.ts and formatter-matrix.nest12.e2e.test.ts (one vitest worker each).
 *
 * What it proves, on a real `nest new` project of that major (tests/e2e/support):
 *
 * 1. GENERATOR_RUNS, every generator once through the real CLI, produce the full output; the
 *    options the manifest records for them are the ones the in-process runs below use; that
 *    project, formatted as ws-scaffold wrote it, checks clean and every re-run changes nothing.
 * 2. For each formatter of FORMATTERS x each config of CONFIGS, on a copy of that output whose own
 *    formatter that is (prettier: `.prettierrc` holds the config and `node_modules/prettier` is that
 *    version; biome: `biome.json` holds it, no prettier config and no prettier installed), after
 *    that formatter rewrote the whole of src/:
 *    - `check` exits 0 (clean) and writes nothing;
 *    - every generator re-run, with the same command lines, exits 0, plans no change ("Nothing to
 *      do") and changes no byte of the project tree (sha256 over every file outside node_modules).
 * 3. MUTATIONS, applied together to that same reformatted output (each one a change of meaning
 *    made through the syntax tree, so whatever the formatter did), are each reported by `check`
 *    (exit 2) by the artefact that owns the code, with a diff whose changed lines show the mutated
 *    token, and nothing else is reported; `sync` exits 2 (one mutation it cannot repair) and a
 *    following `check` reports only the mutations sync cannot repair.
 *
 * How: the engine runs in-process (checkProject, runGenerator with the generators of the registry,
 * exit codes as the CLI derives them), so ts-morph loads once per file; CLI_COMBINATION of each
 * major goes through the real binary (bin/ws-scaffold.js, so dist/: build first) instead, to prove
 * the exit codes and the "Nothing to do" line end to end. One generated project per major; each
 * combination is a copy of it whose node_modules is a folder of links to its packages
 * (linkedCopy). Every formatter comes from this repository's devDependencies, pinned exactly; one
 * that is missing or of another version fails the run (nothing is skipped).
 */
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftItem, DriftKind } from '../../src/commands/check';
import { checkProject } from '../../src/commands/check';
import { runGenerator } from '../../src/commands/run';
import { exitCodeOf } from '../../src/cli/report';
import { ExitCode, WsScaffoldError } from '../../src/errors';
import { GENERATORS } from '../../src/generators/registry';
import { changedFiles, cleanEnv, filesHash, freshProject, linkedCopy, readTree, restoreTree, run, treeHash, type FreshProject, type NestMajor } from './support';

const REPO = join(__dirname, '..', '..');
const CLI_BIN = join(REPO, 'bin', 'ws-scaffold.js');

// ---------------------------------------------------------------------------------------------
// The generators: every one, with the options that matter. `args` is the command line (without
// --skip-install --yes --cwd), `options` what the CLI makes of it (checked against the manifest).
// ---------------------------------------------------------------------------------------------

export interface GeneratorRun {
  args: string[];
  generator: keyof typeof GENERATORS;
  options: Record<string, unknown>;
}

export const GENERATOR_RUNS: GeneratorRun[] = [
  { args: ['add-gateway', 'chat'], generator: 'gateway', options: { name: 'chat' } },
  { args: ['add-gateway', 'alerts', '--throttle'], generator: 'gateway', options: { name: 'alerts', throttle: true } },
  {
    args: ['add-event', 'chat:send', '--gateway', 'chat', '--field', 'text:string', '--field', 'roomId:string?', '--field', 'count:number', '--field', 'tags:string[]'],
    generator: 'event',
    options: { event: 'chat:send', gateway: 'chat', fields: ['text:string', 'roomId:string?', 'count:number', 'tags:string[]'] },
  },
  {
    args: ['add-event', 'typing', '--gateway', 'chat', '--field', 'draft:boolean', '--broadcast'],
    generator: 'event',
    options: { event: 'typing', gateway: 'chat', fields: ['draft:boolean'], broadcast: true },
  },
  { args: ['add-room', 'project', '--gateway', 'chat'], generator: 'room', options: { room: 'project', gateway: 'chat' } },
  {
    args: ['add-room', 'board', '--gateway', 'chat', '--pattern', 'org:{orgId}:board:{id}', '--presence'],
    generator: 'room',
    options: { room: 'board', gateway: 'chat', pattern: 'org:{orgId}:board:{id}', presence: true },
  },
  { args: ['add-namespace', 'admin'], generator: 'namespace', options: { name: 'admin' } },
  { args: ['add-namespace', 'tenant', '--pattern', '^/tenant-[a-z0-9]+$'], generator: 'namespace', options: { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$' } },
  { args: ['add-client', '--gateway', 'chat'], generator: 'client', options: { gateway: 'chat' } },
  { args: ['add-adapter', 'redis'], generator: 'adapter', options: { kind: 'redis' } },
];

// ---------------------------------------------------------------------------------------------
// The formatters: this repository's devDependencies (package.json pins each exactly).
// ---------------------------------------------------------------------------------------------

export interface FormatterEntry {
  name: string;
  kind: 'prettier' | 'biome';
  /** The devDependency it is installed as. */
  dependency: string;
}

export const FORMATTERS: FormatterEntry[] = [
  { name: 'prettier 3.0 (oldest 3.x)', kind: 'prettier', dependency: 'prettier-3.0' },
  { name: 'prettier 3 (newest)', kind: 'prettier', dependency: 'prettier' },
  { name: 'prettier 2.8', kind: 'prettier', dependency: 'prettier-2.8' },
  { name: 'biome format (newest)', kind: 'biome', dependency: '@biomejs/biome' },
];

// ---------------------------------------------------------------------------------------------
// The configs. Each one but `defaults` is the .prettierrc `nest new` writes (11 and 12 alike)
// with one option changed. Biome has no prettier config: each row gives the closest biome options,
// on top of BIOME_LIKE_NEST (the same settings as that .prettierrc plus prettier's defaults).
// ---------------------------------------------------------------------------------------------

/** The .prettierrc of a `nest new` project. */
const NEST_PRETTIERRC = { singleQuote: true, trailingComma: 'all' };

interface BiomeConfig {
  formatter?: Record<string, unknown>;
  javascript?: { formatter?: Record<string, unknown> };
}

/** Biome's equivalent of NEST_PRETTIERRC (biome's own defaults are tabs and double quotes). */
const BIOME_LIKE_NEST: Required<BiomeConfig> = {
  formatter: { indentStyle: 'space', indentWidth: 2, lineWidth: 80, lineEnding: 'lf' },
  javascript: { formatter: { quoteStyle: 'single', trailingCommas: 'all' } },
};

const biomeLikeNest = (formatter: Record<string, unknown>, javascript: Record<string, unknown>): BiomeConfig => ({
  formatter: { ...BIOME_LIKE_NEST.formatter, ...formatter },
  javascript: { formatter: { ...BIOME_LIKE_NEST.javascript.formatter, ...javascript } },
});

/**
 * A Nest project's biome.json: the formatting options plus the parser setting without which biome
 * refuses Nest's parameter decorators (`@MessageBody() payload`) and formats no gateway.
 */
const biomeJson = (config: BiomeConfig): Record<string, unknown> => ({
  ...config,
  javascript: { ...config.javascript, parser: { unsafeParameterDecoratorsEnabled: true } },
});

export interface ConfigEntry {
  name: string;
  /** The project's .prettierrc. */
  prettier: Record<string, unknown>;
  /** The formatting options of the project's biome.json (the closest biome options). */
  biome: BiomeConfig;
}

export const CONFIGS: ConfigEntry[] = [
  // The formatter's own defaults, an empty config: double quotes; trailing commas es5 in prettier 2,
  // all in prettier 3 and biome; biome indents with tabs.
  { name: 'defaults', prettier: {}, biome: {} },
  { name: 'semi: false', prettier: { ...NEST_PRETTIERRC, semi: false }, biome: biomeLikeNest({}, { semicolons: 'asNeeded' }) },
  { name: 'singleQuote: false', prettier: { ...NEST_PRETTIERRC, singleQuote: false }, biome: biomeLikeNest({}, { quoteStyle: 'double' }) },
  { name: 'trailingComma: none', prettier: { ...NEST_PRETTIERRC, trailingComma: 'none' }, biome: biomeLikeNest({}, { trailingCommas: 'none' }) },
  // The .prettierrc exactly as `nest new` writes it.
  { name: 'trailingComma: all', prettier: { ...NEST_PRETTIERRC, trailingComma: 'all' }, biome: biomeLikeNest({}, { trailingCommas: 'all' }) },
  { name: 'arrowParens: avoid', prettier: { ...NEST_PRETTIERRC, arrowParens: 'avoid' }, biome: biomeLikeNest({}, { arrowParentheses: 'asNeeded' }) },
  { name: 'printWidth: 40', prettier: { ...NEST_PRETTIERRC, printWidth: 40 }, biome: biomeLikeNest({ lineWidth: 40 }, {}) },
  { name: 'printWidth: 160', prettier: { ...NEST_PRETTIERRC, printWidth: 160 }, biome: biomeLikeNest({ lineWidth: 160 }, {}) },
  { name: 'useTabs', prettier: { ...NEST_PRETTIERRC, useTabs: true }, biome: biomeLikeNest({ indentStyle: 'tab' }, {}) },
  { name: 'endOfLine: crlf', prettier: { ...NEST_PRETTIERRC, endOfLine: 'crlf' }, biome: biomeLikeNest({ lineEnding: 'crlf' }, {}) },
  { name: 'bracketSpacing: false', prettier: { ...NEST_PRETTIERRC, bracketSpacing: false }, biome: biomeLikeNest({}, { bracketSpacing: false }) },
  // Biome has no `consistent`: its only choices are asNeeded (its default, prettier's as-needed)
  // and preserve, which keeps the quotes of each key as written: the one that differs.
  { name: 'quoteProps: consistent', prettier: { ...NEST_PRETTIERRC, quoteProps: 'consistent' }, biome: biomeLikeNest({}, { quoteProperties: 'preserve' }) },
];

/** The combination of each major that goes through the real CLI binary instead of in-process. */
export const CLI_COMBINATION: Record<NestMajor, { formatter: string; config: string }> = {
  11: { formatter: 'biome format (newest)', config: 'defaults' },
  // The first reproduction of the issue: a fresh Nest 12 project, its own .prettierrc and prettier.
  12: { formatter: 'prettier 3 (newest)', config: 'trailingComma: all' },
};

// ---------------------------------------------------------------------------------------------
// The mutations: changes of meaning that check must always see, made through the syntax tree.
// ---------------------------------------------------------------------------------------------

export interface Mutation {
  name: string;
  file: string;
  /** Returns the file's text with the change made; throws when the code to change is not there. */
  apply(source: ts.SourceFile): string;
  /** The finding check must report, and what the changed lines of its diff must show. */
  reported: { artefact: string; kind: DriftKind; removed?: RegExp; added?: RegExp };
  /** Other findings the change causes that are true of the mutated code (they go with it). */
  alsoReported?: { kind: DriftKind; path: string }[];
  repairable: boolean;
}

export const MUTATIONS: Mutation[] = [
  {
    name: 'a number in an owned file',
    file: 'src/websockets/ws.config.ts',
    apply: (source) => {
      const declaration = findNode(source, (n): n is ts.VariableDeclaration => ts.isVariableDeclaration(n) && n.name.getText() === 'DEFAULT_MAX_PAYLOAD_BYTES');
      return replaceNode(source, declaration.initializer!, '2_000_000');
    },
    reported: { artefact: 'gateway chat', kind: 'owned-file-edited', removed: /2_000_000/, added: /1_000_000/ },
    repairable: true,
  },
  {
    name: 'a provider removed from the module',
    file: 'src/app.module.ts',
    apply: (source) => {
      const providers = findNode(source, (n): n is ts.PropertyAssignment => ts.isPropertyAssignment(n) && n.name.getText() === 'providers');
      if (!ts.isArrayLiteralExpression(providers.initializer)) throw new Error('providers is not an array');
      const elements = providers.initializer.elements;
      const i = elements.findIndex((e) => e.getText() === 'AlertsGateway');
      if (i < 0) throw new Error('AlertsGateway is not in providers');
      // The element and the comma after it (before it, for the last one).
      const [start, end] = i < elements.length - 1 ? [elements[i].getStart(), elements[i + 1].getStart()] : [elements[i - 1].end, elements[i].end];
      return source.text.slice(0, start) + source.text.slice(end);
    },
    reported: { artefact: 'gateway alerts', kind: 'fragment-missing', added: /AlertsGateway/ },
    repairable: true,
  },
  {
    name: "a DTO field's type changed",
    file: 'src/chat/chat.events.ts',
    apply: (source) => {
      const dto = findNode(source, (n): n is ts.ClassDeclaration => ts.isClassDeclaration(n) && n.name?.text === 'ChatSendDto');
      const count = dto.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && m.name.getText() === 'count');
      if (!count?.type) throw new Error('ChatSendDto has no typed count field');
      return replaceNode(source, count.type, 'string');
    },
    // ws-scaffold does not rewrite a declaration the user may have changed on purpose.
    reported: { artefact: 'event chat:chat:send', kind: 'cannot-check', removed: /count\??!?: string/, added: /count!?: number/ },
    repairable: false,
  },
  {
    name: 'an event-map entry removed',
    file: 'src/chat/chat.events.ts',
    apply: (source) => {
      const map = findNode(source, (n): n is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(n) && n.name.text === 'ChatClientToServerEvents');
      const entry = map.members.find((m) => m.name !== undefined && ts.isStringLiteral(m.name) && m.name.text === 'board:leave');
      if (!entry) throw new Error("ChatClientToServerEvents has no 'board:leave' entry");
      // Its leading line break and indentation too; the member ends with its own `;` or `,`.
      return source.text.slice(0, entry.getFullStart()) + source.text.slice(entry.end);
    },
    reported: { artefact: 'room chat:board', kind: 'fragment-missing', added: /board:leave/ },
    // The gateway's @SubscribeMessage('board:leave') handler now has no entry: true, and gone with it.
    alsoReported: [{ kind: 'handler-without-event', path: 'src/chat/chat.gateway.ts' }],
    repairable: true,
  },
];

function findNode<T extends ts.Node>(source: ts.SourceFile, test: (node: ts.Node) => node is T): T {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (test(node)) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) throw new Error(`mutation: the code to change is not in ${source.fileName}`);
  return found;
}

const replaceNode = (source: ts.SourceFile, node: ts.Node, text: string): string =>
  source.text.slice(0, node.getStart(source)) + text + source.text.slice(node.end);

// ---------------------------------------------------------------------------------------------
// The engine, in-process or through the CLI binary, with the CLI's exit codes.
// ---------------------------------------------------------------------------------------------

interface DriftOutcome {
  exitCode: number;
  items: DriftItem[];
  /** What went wrong when the command failed (exit 1). */
  output: string;
}

interface RerunOutcome {
  exitCode: number;
  /** CREATE / UPDATE path: what the run planned to write. */
  changes: string[];
  /** The run printed (CLI) or would print (in-process: an empty plan) "Nothing to do". */
  nothingToDo: boolean;
  output: string;
}

interface Engine {
  name: 'in-process' | 'CLI';
  check(dir: string): Promise<DriftOutcome>;
  sync(dir: string): Promise<DriftOutcome>;
  rerun(dir: string, generatorRun: GeneratorRun): Promise<RerunOutcome>;
}

const errorExit = (error: unknown): { exitCode: number; output: string } => ({
  exitCode: error instanceof WsScaffoldError ? error.exitCode : ExitCode.error,
  output: error instanceof WsScaffoldError ? error.message : String((error as Error)?.stack ?? error),
});

const inProcess: Engine = {
  name: 'in-process',
  async check(dir) {
    try {
      const { items } = await checkProject(dir);
      return { exitCode: items.length > 0 ? ExitCode.drift : ExitCode.ok, items, output: '' };
    } catch (error) {
      return { ...errorExit(error), items: [] };
    }
  },
  async sync(dir) {
    try {
      const { items } = await checkProject(dir, { repair: true });
      return { exitCode: items.some((i) => !i.repairable) ? ExitCode.drift : ExitCode.ok, items, output: '' };
    } catch (error) {
      return { ...errorExit(error), items: [] };
    }
  },
  async rerun(dir, { generator, options }) {
    try {
      const result = await runGenerator(await GENERATORS[generator](), options as never, { cwd: dir, skipInstall: true });
      const changes = result.plan.changes.map((c) => `${c.action === 'create' ? 'CREATE' : 'UPDATE'} ${c.path}`);
      return { exitCode: exitCodeOf(result), changes, nothingToDo: changes.length === 0, output: '' };
    } catch (error) {
      return { ...errorExit(error), changes: [], nothingToDo: false };
    }
  },
};

function cliEngine(env: NodeJS.ProcessEnv): Engine {
  const cli = (dir: string, args: string[]) => run('node', [CLI_BIN, ...args, '--cwd', dir], { cwd: dir, env, allowFailure: true, timeoutMs: 120_000 });
  const drift = async (dir: string, command: 'check' | 'sync'): Promise<DriftOutcome> => {
    const result = await cli(dir, [command, '--json']);
    try {
      const answer = JSON.parse(result.stdout) as { ok: boolean; drift?: DriftItem[] };
      if (answer.ok) return { exitCode: result.code ?? -1, items: answer.drift ?? [], output: '' };
    } catch {
      /* not JSON: the output says why */
    }
    return { exitCode: result.code ?? -1, items: [], output: `${result.stdout}${result.stderr}` };
  };
  return {
    name: 'CLI',
    check: (dir) => drift(dir, 'check'),
    sync: (dir) => drift(dir, 'sync'),
    async rerun(dir, { args }) {
      const result = await cli(dir, [...args, '--skip-install', '--yes']);
      const output = `${result.stdout}${result.stderr}`;
      const changes = output.split('\n').filter((line) => /^(CREATE|UPDATE) /.test(line)).map((line) => line.replace(/ \(\d+ bytes\)$/, ''));
      return { exitCode: result.code ?? -1, changes, nothingToDo: /^Nothing to do/m.test(output), output };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The formatters as installed, and a combination's project.
// ---------------------------------------------------------------------------------------------

interface InstalledFormatter extends FormatterEntry {
  version: string;
  /** The package's folder (node_modules/<dependency>). */
  packageDir: string;
}

const repoRequire = createRequire(join(REPO, 'package.json'));
const installed = new Map<string, InstalledFormatter>();

/**
 * The formatter as this repository has it installed, at the exact version package.json pins
 * (`3.10.1` or `npm:prettier@3.0.0`). Throws when it is missing or of another version.
 */
async function installedFormatter(entry: FormatterEntry): Promise<InstalledFormatter> {
  const known = installed.get(entry.name);
  if (known) return known;
  const spec = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[entry.dependency];
  const pinned = /^(?:npm:[^@]+@)?(\d+\.\d+\.\d+)$/.exec(spec ?? '')?.[1];
  if (!pinned) throw new Error(`${entry.name}: package.json must pin devDependency ${entry.dependency} to an exact version (it has ${spec ?? 'nothing'})`);
  let packageDir: string;
  try {
    packageDir = dirname(repoRequire.resolve(`${entry.dependency}/package.json`));
  } catch (error) {
    throw new Error(`${entry.name} cannot be loaded: ${(error as Error).message} (run npm ci)`);
  }
  let version: string;
  if (entry.kind === 'prettier') {
    version = (repoRequire(entry.dependency) as { version: string }).version;
  } else {
    const out = await run('node', [join(packageDir, 'bin', 'biome'), '--version'], { cwd: REPO, env: cleanEnv(), timeoutMs: 60_000 });
    version = /(\d+\.\d+\.\d+)/.exec(out.stdout)?.[1] ?? `unknown (${out.stdout.trim()})`;
  }
  if (version !== pinned) throw new Error(`${entry.name}: ${version} is installed, package.json pins ${pinned} (run npm ci)`);
  const result = { ...entry, version, packageDir };
  installed.set(entry.name, result);
  return result;
}

interface PrettierApi {
  version: string;
  resolveConfig(file: string, options: Record<string, unknown>): Promise<Record<string, unknown> | null>;
  format(text: string, options: Record<string, unknown>): string | Promise<string>;
}

/** Every file of src/ a formatter formats. */
function sourceFiles(dir: string): string[] {
  return (readdirSync(join(dir, 'src'), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile() && /\.[cm]?[jt]s$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Sets the project's devDependency `from` to `to` at `version` (package.json text, one line). */
function swapDevDependency(dir: string, from: string, to: string, version: string): void {
  const file = join(dir, 'package.json');
  const text = readFileSync(file, 'utf8');
  const line = new RegExp(`"${from.replace(/[/.]/g, '\\$&')}": "[^"]*"`);
  if (!line.test(text)) throw new Error(`${file} declares no ${from}`);
  writeFileSync(file, text.replace(line, `"${to}": "${version}"`));
}

/**
 * Makes `dir` a copy of the generated project whose own formatter and config these are, and
 * reformats the whole of src/ with them, as the project's formatter command would.
 */
async function makeCombination(generatedDir: string, dir: string, formatter: InstalledFormatter, config: ConfigEntry): Promise<void> {
  if (formatter.kind === 'prettier') {
    linkedCopy(generatedDir, dir, { packages: { prettier: formatter.packageDir } });
    writeFileSync(join(dir, '.prettierrc'), `${JSON.stringify(config.prettier, null, 2)}\n`);
    swapDevDependency(dir, 'prettier', 'prettier', formatter.version);
    // The project's prettier, through its node_modules, as `prettier --write src` resolves it.
    const prettier = createRequire(join(dir, 'package.json'))('prettier') as PrettierApi;
    if (prettier.version !== formatter.version) throw new Error(`${dir}: node_modules/prettier is ${prettier.version}, not ${formatter.version}`);
    for (const file of sourceFiles(dir)) {
      const options = await prettier.resolveConfig(file, { editorconfig: true, useCache: false });
      if (!options) throw new Error(`prettier ${formatter.version} found no config for ${file}`);
      const text = readFileSync(file, 'utf8');
      const formatted = await prettier.format(text, { ...options, filepath: file });
      if (formatted !== text) writeFileSync(file, formatted);
    }
  } else {
    linkedCopy(generatedDir, dir, { packages: { prettier: null, '@biomejs/biome': formatter.packageDir } });
    rmSync(join(dir, '.prettierrc'));
    writeFileSync(join(dir, 'biome.json'), `${JSON.stringify(biomeJson(config.biome), null, 2)}\n`);
    swapDevDependency(dir, 'prettier', '@biomejs/biome', formatter.version);
    await run('node', [join(dir, 'node_modules', '@biomejs', 'biome', 'bin', 'biome'), 'format', '--write', 'src'], { cwd: dir, env: cleanEnv(), timeoutMs: 120_000 });
  }
}

// ---------------------------------------------------------------------------------------------
// Assertions shared by every combination.
// ---------------------------------------------------------------------------------------------

/** One line per finding plus its diff: what a failing assertion shows. */
const findingText = (item: DriftItem): string => `[${item.kind}] ${item.artefact}: ${item.path ?? '-'}: ${item.message}${item.diff ? `\n${item.diff}` : ' (no diff)'}`;

function changedLines(diff: string | undefined): { removed: string; added: string } {
  const lines = (diff ?? '').split('\n');
  return {
    removed: lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).join('\n'),
    added: lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).join('\n'),
  };
}

/** Findings no mutation of `mutations` explains. */
const unexplained = (items: DriftItem[], mutations: Mutation[]): string[] =>
  items
    .filter((item) => !mutations.some((m) => (item.path === m.file && item.kind === m.reported.kind) || m.alsoReported?.some((a) => a.path === item.path && a.kind === item.kind)))
    .map(findingText);

async function expectCleanAndIdempotent(engine: Engine, dir: string): Promise<void> {
  const before = readTree(dir);
  const check = await engine.check(dir);
  expect.soft(check.items, `check finds no drift; found:\n${check.items.map(findingText).join('\n')}\n`).toEqual([]);
  expect.soft(check.exitCode, `check exits 0${check.output ? `: ${check.output}` : ''}`).toBe(ExitCode.ok);
  const written = changedFiles(before, readTree(dir));
  expect.soft(written, `check writes nothing; wrote ${written.join(', ')}`).toEqual([]);
  for (const generatorRun of GENERATOR_RUNS) {
    const command = `ws-scaffold ${generatorRun.args.join(' ')}`;
    const ahead = readTree(dir);
    const rerun = await engine.rerun(dir, generatorRun);
    expect.soft(rerun.exitCode, `${command} exits 0${rerun.output ? `:\n${rerun.output}` : ''}`).toBe(ExitCode.ok);
    expect.soft(rerun.changes, `${command} plans no change; planned ${rerun.changes.join(', ')}`).toEqual([]);
    if (rerun.exitCode === ExitCode.ok) expect.soft(rerun.nothingToDo, `${command} says "Nothing to do"${rerun.output ? `:\n${rerun.output}` : ''}`).toBe(true);
    const changed = changedFiles(ahead, readTree(dir));
    expect.soft(changed, `${command} changes no byte; changed ${changed.join(', ')}`).toEqual([]);
  }
  expect.soft(treeHash(dir), 'the tree after every re-run is byte-identical').toBe(filesHash(before));
}

async function expectMutationsCaught(engine: Engine, dir: string): Promise<void> {
  for (const mutation of MUTATIONS) {
    const file = join(dir, mutation.file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const mutated = mutation.apply(source);
    if (mutated === source.text) throw new Error(`mutation "${mutation.name}" changed nothing in ${mutation.file}`);
    writeFileSync(file, mutated);
  }

  const check = await engine.check(dir);
  expect.soft(check.exitCode, `check exits 2${check.output ? `: ${check.output}` : ''}`).toBe(ExitCode.drift);
  for (const mutation of MUTATIONS) {
    const { artefact, kind, removed, added } = mutation.reported;
    const item = check.items.find((i) => i.path === mutation.file && i.kind === kind && i.artefact === artefact);
    const onFile = check.items.filter((i) => i.path === mutation.file).map(findingText);
    expect.soft(item, `${mutation.name}: check reports [${kind}] ${artefact}: ${mutation.file}; on that file it reports:\n${onFile.join('\n')}\n`).toBeDefined();
    if (!item) continue;
    expect.soft(item.repairable, `${mutation.name}: repairable`).toBe(mutation.repairable);
    const lines = changedLines(item.diff);
    const shown = `${lines.removed}\n${lines.added}`.trim();
    expect.soft(shown, `${mutation.name}: the diff is not empty; it is: ${item.diff ? `\n${item.diff}` : '(no diff)'}`).not.toBe('');
    if (!shown) continue;
    if (removed) expect.soft(lines.removed, `${mutation.name}: the diff removes ${removed}:\n${item.diff}`).toMatch(removed);
    if (added) expect.soft(lines.added, `${mutation.name}: the diff adds ${added}:\n${item.diff}`).toMatch(added);
  }
  const others = unexplained(check.items, MUTATIONS);
  expect.soft(others, `check reports nothing but the mutations; also:\n${others.join('\n')}\n`).toEqual([]);

  const unrepairable = MUTATIONS.filter((m) => !m.repairable);
  const sync = await engine.sync(dir);
  expect.soft(sync.exitCode, `sync exits 2: ${unrepairable.map((m) => m.name).join(', ')} left${sync.output ? `: ${sync.output}` : ''}`).toBe(
    unrepairable.length > 0 ? ExitCode.drift : ExitCode.ok,
  );

  const after = await engine.check(dir);
  expect.soft(after.exitCode, `check after sync exits ${unrepairable.length > 0 ? 2 : 0}${after.output ? `: ${after.output}` : ''}`).toBe(
    unrepairable.length > 0 ? ExitCode.drift : ExitCode.ok,
  );
  const left = unexplained(after.items, unrepairable);
  expect.soft(left, `after sync, check reports only what sync cannot repair; also:\n${left.join('\n')}\n`).toEqual([]);
  for (const mutation of unrepairable) {
    const { artefact, kind } = mutation.reported;
    expect.soft(after.items.some((i) => i.path === mutation.file && i.kind === kind && i.artefact === artefact), `after sync: ${mutation.name} still reported [${kind}] ${artefact}`).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------
// The matrix for one Nest major.
// ---------------------------------------------------------------------------------------------

const slug = (text: string): string => text.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-|-$/g, '');

export function formatterMatrix(major: NestMajor): void {
  describe(`formatter matrix on a real Nest ${major} project`, () => {
    let project: FreshProject;
    let work: string;
    const generation: { command: string; exitCode: number | null; output: string }[] = [];

    beforeAll(async () => {
      project = await freshProject(major, `formatter-matrix-${major}`);
      work = join(dirname(project.dir), 'combinations');
      mkdirSync(work);
      for (const { args } of GENERATOR_RUNS) {
        const result = await run('node', [CLI_BIN, ...args, '--skip-install', '--yes', '--cwd', project.dir], {
          cwd: project.dir,
          env: project.env,
          allowFailure: true,
          timeoutMs: 120_000,
        });
        generation.push({ command: `ws-scaffold ${args.join(' ')}`, exitCode: result.code, output: `${result.stdout}${result.stderr}` });
      }
    });

    afterAll(async () => {
      await project?.cleanup();
    });

    it('every formatter of the table is installed at the version package.json pins', async () => {
      for (const entry of FORMATTERS) await installedFormatter(entry);
    });

    it('every generator runs through the CLI, and the manifest records the options the in-process runs use', () => {
      for (const step of generation) expect.soft(step.exitCode, `${step.command}:\n${step.output}`).toBe(0);
      const manifest = JSON.parse(readFileSync(join(project.dir, 'ws-scaffold.json'), 'utf8')) as { artefacts: { kind: string; options: unknown }[] };
      expect(manifest.artefacts.map((a) => ({ generator: a.kind, options: a.options }))).toEqual(GENERATOR_RUNS.map((r) => ({ generator: r.generator, options: r.options })));
    });

    it('as generated (formatted by ws-scaffold with the project prettier): check is clean, every re-run changes nothing', async () => {
      const dir = join(work, 'as-generated');
      linkedCopy(project.dir, dir);
      await expectCleanAndIdempotent(inProcess, dir);
    });

    for (const formatter of FORMATTERS) {
      describe(formatter.name, () => {
        for (const config of CONFIGS) {
          describe(config.name, () => {
            const viaCli = CLI_COMBINATION[major].formatter === formatter.name && CLI_COMBINATION[major].config === config.name;
            // Made by the first test that needs it (not in a hook): a formatter that fails fails the tests.
            let combination: Promise<{ dir: string; reformatted: Map<string, Buffer> }> | undefined;
            const made = () =>
              (combination ??= (async () => {
                const dir = join(work, slug(`${formatter.name} ${config.name}`));
                await makeCombination(project.dir, dir, await installedFormatter(formatter), config);
                return { dir, reformatted: readTree(dir) };
              })());
            const engine = (): Engine => (viaCli ? cliEngine(project.env) : inProcess);

            it(`check is clean and every generator re-run exits 0 and changes no byte${viaCli ? ' (through the CLI)' : ''}`, async () => {
              const { dir } = await made();
              await expectCleanAndIdempotent(engine(), dir);
            });

            it(`mutations: check reports each with its diff, sync repairs the repairable ones${viaCli ? ' (through the CLI)' : ''}`, async () => {
              const { dir, reformatted } = await made();
              restoreTree(dir, reformatted);
              await expectMutationsCaught(engine(), dir);
            });
          });
        }
      });
    }
  });
}
