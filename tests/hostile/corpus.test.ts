/**
 * The hostile corpus: what a hostile (or unlucky) user can type or leave in a project, through
 * the built CLI, for every command, as text and as --json. Each row is one case; each class of
 * input is generated over all the options it reaches. Bad input must give its documented exit
 * code, one clear line (or JSON with ok: false), no stack trace, no raw control character, and
 * zero bytes changed anywhere in the sandbox (the project and the folder beside it). A value that
 * is odd but valid (a unicode name, a reserved word as a gateway name) must give a result that
 * `check` finds in sync and that type-checks.
 *
 * Runs a few CLI processes at a time (WS_SCAFFOLD_HOSTILE_JOBS, default 3).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/projects';
import { badInputProblems, changes, cli, cliProcess, copySandbox, digest, REPO, removeSandbox, sandboxWith, stopDrivers, typeCheck, write, type Run, type Sandbox } from './runner';

type Base = 'plain' | 'gateway';

interface Case {
  /** The command line after `ws-scaffold`; `{outside}` and `{project}` are absolute paths of the sandbox's folders. */
  args: string[];
  /** The documented exit code. */
  exit: 0 | 1 | 2 | 3;
  /** The message must match: it names what is wrong (and where). */
  says?: RegExp;
  /** The project to start from: a fresh Nest project, or one with `add-gateway chat` done. */
  base?: Base;
  /** Changes to the sandbox before the run (links, modes, broken files). */
  setup?: (box: Sandbox) => void;
  /** A valid but odd value: exit 0, writes only inside the project, `check` in sync, type-checks. */
  odd?: boolean;
  /** What the case is about, when the command line does not say it. */
  why?: string;
  /** Run from a folder (beside the sandbox) that is deleted just before the run starts. */
  fromDeletedFolder?: boolean;
}

const GENERATORS = ['add-gateway', 'add-event', 'add-room', 'add-namespace', 'add-client', 'add-adapter', 'init'];

/* -------------------------------------------------------------------------------------------- */
/* Sandbox set-ups                                                                               */

const link = (target: string, path: string) => (box: Sandbox) => {
  mkdirSync(join(box.project, path, '..'), { recursive: true });
  symlinkSync(target, join(box.project, path));
};
const files = (extra: Record<string, string>) => (box: Sandbox) => write(box.project, extra);
const readOnly = (path: string) => (box: Sandbox) => chmodSync(join(box.project, path), 0o444);
const folderAt = (path: string) => (box: Sandbox) => mkdirSync(join(box.project, path), { recursive: true });
const both =
  (...steps: ((box: Sandbox) => void)[]) =>
  (box: Sandbox) => {
    for (const step of steps) step(box);
  };
/** ws-scaffold installed in the project, as init needs it. */
const INSTALLED = link(REPO, 'node_modules/ws-scaffold');
const MONOREPO = files({ 'nest-cli.json': JSON.stringify({ sourceRoot: 'src', monorepo: true, projects: { api: { type: 'application', root: '.', sourceRoot: 'src' } } }) });
/** The manifest of the gateway project, changed by `edit`. */
const manifest = (edit: (m: { artefacts: Record<string, unknown>[] } & Record<string, unknown>) => unknown) => (box: Sandbox) => {
  const path = join(box.project, 'ws-scaffold.json');
  const value = JSON.parse(readFileSync(path, 'utf8'));
  const edited = edit(value);
  writeFileSync(path, typeof edited === 'string' ? edited : JSON.stringify(edited === undefined ? value : edited, null, 2));
};
const gatewayOptions = (options: Record<string, unknown>) => manifest((m) => void Object.assign(m.artefacts[0].options as object, options));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** A commit journal planted in the project (a cloned repository could carry one). */
const journal = (body: unknown) => files({ '.ws-scaffold-commit.journal': `${typeof body === 'string' ? body : JSON.stringify({ journal: 'ws-scaffold commit', version: 1, ...(body as object) })}\n` });

/* -------------------------------------------------------------------------------------------- */
/* Classes of input                                                                              */

/** Every hostile shape of a path; `setup` plants what the shape needs (a link). */
const PATH_SHAPES: { label: string; value: string; setup?: (box: Sandbox) => void }[] = [
  { label: 'parent', value: '../escape' },
  { label: 'parent into the sibling folder', value: 'chat/../../../outside/owned' },
  { label: 'absolute, into the sibling folder', value: '{outside}/owned' },
  { label: 'absolute', value: '/etc/passwd' },
  { label: 'drive', value: 'C:\\Windows\\evil' },
  { label: 'drive with slashes', value: 'C:/Windows/evil' },
  { label: 'UNC', value: '\\\\server\\share\\evil' },
  { label: 'backslash', value: 'chat\\nnewline' },
  { label: 'dot segment', value: 'chat/./x' },
  { label: 'empty segment', value: 'chat//x' },
  { label: 'into .git', value: '.git/hooks' },
  { label: 'into node_modules', value: 'lib/node_modules/evil' },
  { label: 'newline', value: 'chat\nx' },
  { label: 'ESC sequence', value: 'chat\u001b[2Jx' },
  { label: 'BEL', value: 'chat\u0007' },
  { label: 'DEL', value: 'chat\u007f' },
  { label: 'bidi override', value: 'chat\u202eevil' },
  { label: 'zero-width space', value: 'ch\u200bat' },
  { label: 'tilde', value: '~/evil' },
  { label: 'percent-encoded ..', value: '%2e%2e/evil' },
  { label: 'fullwidth dots', value: '\uff0e\uff0e/evil' },
  { label: '300 characters', value: 'a'.repeat(300) },
  { label: '61 folders deep', value: `${'a/'.repeat(60)}x` },
  { label: 'a symlinked folder out of the project', value: 'linked/x', setup: link('../../outside', 'src/linked') },
  { label: 'a dangling symlink', value: 'dangling/x', setup: link('../../nowhere', 'src/dangling') },
];

/** Values that become identifiers, file names or object keys in the generated code. */
const RESERVED = ['class', 'delete', 'await', 'enum'];
const PROTOTYPE = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf', '__defineGetter__'];
const CONTROL = ['a\u001b[31mred', 'ring\u0007', 'new\nline', 'del\u007f', 'tab\there'];
const LONG = ['n'.repeat(61), 'n'.repeat(101), 'n'.repeat(300)];

const gatewayRefCommand = (i: number): string[] => [['add-event', 'typing'], ['add-room', 'lobby'], ['add-client']][i % 3];
/** add-gateway and add-namespace take turns; add-namespace reads a leading / as the namespace's own (`/admin`). */
const nameCommand = (i: number, value = ''): string => (i % 2 && !value.startsWith('/') ? 'add-namespace' : 'add-gateway');
const ALL_COMMANDS = [...GENERATORS, 'check', 'sync', 'doctor'];
const commandWithArgs = (command: string): string[] =>
  ({ 'add-gateway': ['add-gateway', 'chat'], 'add-event': ['add-event', 'typing'], 'add-room': ['add-room', 'lobby'], 'add-namespace': ['add-namespace', 'admin'], 'add-adapter': ['add-adapter', 'redis'] } as Record<string, string[]>)[command] ?? [command];

const CASES: Case[] = [
  /* ---- Paths: every path-taking option × every hostile shape ------------------------------ */
  ...PATH_SHAPES.map((shape, i): Case => ({ args: [nameCommand(i, shape.value), shape.value], exit: 1, says: /<name>|not a valid name|symlink/, setup: shape.setup, why: `<name>: ${shape.label}` })),
  ...PATH_SHAPES.map((shape, i): Case => ({ args: [nameCommand(i + 1), 'chat', '--path', shape.value], exit: 1, says: /--path/, setup: shape.setup, why: `--path: ${shape.label}` })),
  ...PATH_SHAPES.map((shape, i): Case => ({
    args: [nameCommand(i), 'chat', '--module', shape.setup ? `src/${shape.value.split('/')[0]}/outside.module.ts` : `${shape.value}.module.ts`],
    exit: 1,
    says: /--module/,
    setup: shape.setup,
    why: `--module: ${shape.label}`,
  })),
  ...PATH_SHAPES.map((shape, i): Case => ({
    args: [...gatewayRefCommand(i), '--gateway', i % 2 ? shape.value : `${shape.value}.gateway.ts`],
    exit: 1,
    says: /--gateway|not a valid name/,
    base: 'gateway',
    setup: shape.setup,
    why: `--gateway: ${shape.label}`,
  })),
  { args: ['add-gateway', 'chat', '--module', 'src/evil.module.ts'], exit: 1, says: /--module .*symlink/, setup: link('../../outside/src/outside.module.ts', 'src/evil.module.ts'), why: 'a module file that is a symlink out of the project' },
  { args: ['add-namespace', 'admin', '--module', 'dist/app.module.ts'], exit: 1, says: /--module .*build output/, setup: files({ 'dist/app.module.ts': FIXTURES['cjs-jest']['src/app.module.ts'] }) },
  { args: ['add-gateway', 'chat', '--module', 'src/main.ts'], exit: 1, says: /--module src\/main\.ts: no @Module/ },
  { args: ['add-gateway', 'chat', '--module', 'src/nope.module.ts'], exit: 1, says: /no such file/ },
  { args: ['add-gateway', 'chat', '--module', 'src/app.module.js'], exit: 1, says: /expected a \.ts file/ },
  { args: ['add-gateway', 'chat'], exit: 1, says: /chat.*symlink|outside the project/, setup: link('../../outside', 'src/chat'), why: 'the gateway folder is a symlink out of the project' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /symlink|outside the project/, setup: link('../../outside', 'src/websockets'), why: 'src/websockets is a symlink out of the project' },
  {
    args: ['add-gateway', 'chat'],
    exit: 1,
    says: /symlink app/,
    setup: both((box) => write(box.outside, { 'app/main.ts': FIXTURES['cjs-jest']['src/main.ts'], 'app/app.module.ts': FIXTURES['cjs-jest']['src/app.module.ts'] }), link('../outside/app', 'app'), files({ 'nest-cli.json': '{ "sourceRoot": "app" }\n' })),
    why: 'the source root is a symlink to sources outside the project',
  },
  { args: ['add-event', 'typing', '--gateway', 'src/app.module.ts'], exit: 1, says: /--gateway src\/app\.module\.ts/, base: 'gateway', why: 'not a gateway file (the issue: exit 3)' },
  { args: ['add-room', 'lobby', '--gateway', 'src/nope.gateway.ts'], exit: 1, says: /no such file/, base: 'gateway' },
  { args: ['add-client', '--gateway', 'nope'], exit: 1, says: /nope/, base: 'gateway' },
  { args: ['add-event', 'typing', '--gateway', 'src/chat/chat.gateway.ts'], exit: 1, says: /symlink|outside/, base: 'gateway', setup: (box) => {
    writeFileSync(join(box.outside, 'chat.gateway.ts'), readFileSync(join(box.project, 'src/chat/chat.gateway.ts')));
    rmSync(join(box.project, 'src/chat/chat.gateway.ts'));
    symlinkSync('../../../outside/chat.gateway.ts', join(box.project, 'src/chat/chat.gateway.ts'));
  }, why: 'the gateway file is a symlink out of the project' },

  /* ---- --cwd and --project, on every command -------------------------------------------- */
  ...[
    { label: 'the sibling folder (not a Nest project)', value: '../outside' },
    { label: 'a file', value: '{outside}/notes.txt' },
    { label: 'no such folder', value: 'nowhere' },
    { label: 'absolute, no such folder', value: '/nonexistent/ws-scaffold' },
    { label: 'ESC sequence', value: 'x\u001b[2J' },
    { label: 'newline', value: 'a\nb' },
    { label: 'bidi override', value: 'a\u202eb' },
    { label: '300 characters', value: 'c'.repeat(300) },
    { label: 'empty', value: '' },
    { label: 'a symlink to the sibling folder', value: 'elsewhere', setup: link('../outside', 'elsewhere') },
    { label: 'the project .git folder', value: '.git', setup: folderAt('.git') },
    { label: 'a dangling symlink', value: 'gone', setup: link('../nowhere', 'gone') },
  ].map((shape, i): Case => ({ args: [...commandWithArgs(ALL_COMMANDS[i % ALL_COMMANDS.length]), '--cwd', shape.value], exit: 1, says: /--cwd|not a NestJS project|package\.json|ws-scaffold\.json/, setup: shape.setup, why: `--cwd: ${shape.label}` })),
  // The shell stands in a folder that was deleted: process.cwd() fails.
  ...ALL_COMMANDS.filter((_, i) => i % 3 === 0).map((command): Case => ({ args: commandWithArgs(command), exit: 1, says: /current folder no longer exists/, fromDeletedFolder: true, why: 'run from a deleted folder' })),
  ...ALL_COMMANDS.filter((_, i) => i % 3 === 1).map((command): Case => ({ args: [...commandWithArgs(command), '--cwd', 'relative'], exit: 1, says: /current folder no longer exists/, fromDeletedFolder: true, why: 'run from a deleted folder, --cwd relative to it' })),
  { args: ['add-gateway', 'chat', '--cwd', '{project}', '--module', 'src/main.ts'], exit: 1, says: /--module src\/main\.ts: no @Module/, fromDeletedFolder: true, why: 'run from a deleted folder, --cwd absolute: the project is read as usual' },
  ...['../x', '/etc', 'C:/x', 'a\u001b[2J', 'a\nb', 'p'.repeat(300), 'a b', 'nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty'].map(
    (value, i): Case => ({ args: [...commandWithArgs([...GENERATORS, 'doctor'][i % 8]), '--project', value], exit: 1, says: /--project|project/, setup: MONOREPO, why: '--project' }),
  ),

  /* ---- Identifier-making values × reserved words, Object.prototype names, controls, length -- */
  // A gateway's name becomes a class (ChatGateway), files and a namespace: reserved words are fine there.
  ...RESERVED.map((name): Case => ({ args: ['add-gateway', name], exit: 0, odd: true, why: 'a reserved word as a gateway name' })),
  ...['constructor', 'toString', 'hasOwnProperty'].map((name): Case => ({ args: ['add-namespace', name], exit: 0, odd: true, why: 'an Object.prototype name as a namespace' })),
  ...['café', '聊天', 'ñandú/sala', 'Ωmega-chat'].map((name, i): Case => ({ args: ['add-gateway', name, '--namespace', `/unicode-${i}`], exit: 0, odd: true, why: 'a unicode name' })),
  { args: ['add-gateway', 'café'], exit: 1, says: /--namespace/, why: 'a unicode name without --namespace: its default namespace is not plain ASCII' },
  { args: ['add-namespace', 'ñandú'], exit: 1, says: /namespace/, why: 'a unicode namespace' },
  { args: ['add-namespace', '/etc/passwd'], exit: 0, odd: true, why: 'a namespace path is a name: /etc/passwd is the namespace, src/etc/passwd its folder' },
  { args: ['add-gateway', '__proto__'], exit: 1, says: /not a valid name/ },
  ...["it's/chat", 'chat room', 'chat.room', 'chat;rm -rf ~', '$(touch owned)', '`id`', 'chat"quote', '-chat', 'chat-/x', 'chat--room', 'chat_'].map((name, i): Case => ({ args: [nameCommand(i), name], exit: 1, says: /not a valid name|unknown option '-chat'/, why: 'punctuation in a name' })),
  { args: ['add-gateway', 'e\u0301clair'], exit: 1, says: /not a valid name|\\u0301/, why: 'a combining accent' },
  ...CONTROL.map((value, i): Case => ({ args: [nameCommand(i), value], exit: 1, says: /<name>|not a valid name/, why: 'a control character in a name' })),
  ...LONG.map((value, i): Case => ({ args: [nameCommand(i), value], exit: 1, says: /too long|at most/, why: `a ${value.length}-character name` })),
  // Event names: a handler method, a DTO class, an event-map key.
  ...RESERVED.map((event): Case => ({ args: ['add-event', event, '--gateway', 'chat'], exit: 0, odd: true, base: 'gateway', why: 'a reserved word as an event' })),
  ...PROTOTYPE.map((event): Case => ({ args: ['add-event', event, '--gateway', 'chat'], exit: 1, says: /<event>|not a valid event name/, base: 'gateway' })),
  ...['connect', 'disconnect', 'error', 'exception', 'newListener'].map((event): Case => ({ args: ['add-event', event], exit: 1, says: /reserved event name/, base: 'gateway' })),
  ...[...CONTROL, ...LONG, '1st', 'a b', 'a/b', ''].map((event): Case => ({ args: ['add-event', event], exit: 1, says: /event|<event>/, base: 'gateway' })),
  { args: ['add-event', 'order.created', '--field', 'id:string', '--field', 'tags:string[]?', '--field', '$price:number'], exit: 0, odd: true, base: 'gateway' },
  // Payload fields: DTO properties.
  ...[...RESERVED, ...PROTOTYPE].map((field): Case => ({ args: ['add-event', 'typing', '--field', `${field}:string`], exit: 1, says: /--field/, base: 'gateway' })),
  ...['a b:string', 'a:', ':string', 'a', 'a:any', 'a:object', 'a:string|number', 'a:string:string', 'a:string??', 'a-b:string', '1a:string', 'a:String', '名前:string', 'x\u001b:string', `${'f'.repeat(61)}:string`].map(
    (field): Case => ({ args: ['add-event', 'typing', '--field', field], exit: 1, says: /--field/, base: 'gateway' }),
  ),
  { args: ['add-event', 'typing', '--field', 'a:string', '--field', 'a:number'], exit: 1, says: /given twice/, base: 'gateway' },
  { args: ['add-event', 'typing', '--ack', '--broadcast'], exit: 1, says: /exclude each other/, base: 'gateway' },
  // Room kinds: a builder function (lobbyRoom), events (lobby:join), DTO classes.
  ...['constructor', 'class', 'toString'].map((room): Case => ({ args: ['add-room', room], exit: 0, odd: true, base: 'gateway', why: 'a room kind that is a reserved or Object.prototype name' })),
  ...['__proto__', '1room', 'a_b', 'a:b', ...CONTROL, 'r'.repeat(61)].map((room): Case => ({ args: ['add-room', room], exit: 1, says: /<room>/, base: 'gateway' })),

  /* ---- Room patterns × their failure kinds ---------------------------------------------- */
  ...[
    ['{id}', /literal part/],
    ['   ', /pattern/],
    ['x:{id}}', /unbalanced/],
    ['x:{{id}', /unbalanced/],
    ['x:{id', /unbalanced/],
    ['x:{}', /identifier/],
    ['x:{1a}', /identifier/],
    ['x:{a-b}', /identifier/],
    ['x:{toString}', /Object\.prototype/],
    ['x:{constructor}', /Object\.prototype/],
    ['x:{__proto__}', /Object\.prototype/],
    ['x:{class}', /reserved word/],
    ['x:{text}', /\{text\}/],
    ['x:{a}{b}', /side by side/],
    ['x:{id}:{id}', /once/],
    ['x: {id}', /use letters/],
    ['x:{id}\u001b[2J', /use letters/],
    [`x:${'{p}'.repeat(1)}${'y'.repeat(200)}`, /too long/],
  ].map(([pattern, says]): Case => ({ args: ['add-room', 'project', '--pattern', pattern as string], exit: 1, says: says as RegExp, base: 'gateway' })),
  { args: ['add-room', 'project', '--pattern', ''], exit: 1, says: /--pattern/, why: 'an empty pattern' },
  { args: ['add-room', 'lobby', '--pattern', 'lobby'], exit: 0, odd: true, base: 'gateway', why: 'a room pattern without placeholders' },
  { args: ['add-room', 'board', '--pattern', 'org:{orgId}:board/{id}.v-1'], exit: 0, odd: true, base: 'gateway' },

  /* ---- Namespace patterns × their failure kinds ----------------------------------------- */
  ...[
    ['   ', /give a pattern/],
    ['^/a\n$', /control characters/],
    ['^/a\u0007$', /control characters/],
    ['^/((a+)+)+$', /exponential/],
    ['^/(a*)*$', /exponential/],
    ['^/(?:a+){2,}$', /exponential/],
    ['^/(\\w+\\s?)*$', /exponential/],
    ['/^/(a+)+$/', /exponential/],
    ['^/(a|a)+$', /exponential|overlap/],
    ['^/(a|ab)*c$', /exponential|overlap/],
    ['^/[$', /not a valid regular expression/],
    ['^/(a$', /not a valid regular expression/],
    ['/tenant-[a-z]+', /anchor/],
    ['^/tenant-.*', /anchor/],
    ['^/tenant\\$', /anchor/],
    ['^tenant$', /anchor/],
    [`^/${'a'.repeat(200)}$`, /too long/],
  ].map(([pattern, says]): Case => ({ args: ['add-namespace', 'tenant', '--pattern', pattern as string], exit: 1, says: says as RegExp })),
  ...['^/.*$', '^/chat$', '^/c[a-z]+$', '^/(chat|admin)$'].map((pattern): Case => ({ args: ['add-namespace', 'tenant', '--pattern', pattern], exit: 1, says: /\/chat/, base: 'gateway', why: 'a pattern overlapping the /chat gateway' })),
  { args: ['add-namespace', 'tenant', '--pattern', ''], exit: 1, says: /--pattern/, why: 'an empty pattern' },
  { args: ['add-namespace', 'tenant', '--pattern', '^/tenant-[a-z0-9]+$'], exit: 0, odd: true, base: 'gateway' },

  /* ---- Namespaces and ws paths ----------------------------------------------------------- */
  ...['/../up', '//double', '/a/', '/./a', '..', '/a b', '/a?x=1', '/a#b', '/%2e%2e', '/ä', '/a\\b', '/x\u001b[2J', `/${'n'.repeat(100)}`, ' '].map(
    (namespace): Case => ({ args: ['add-gateway', 'chat', '--namespace', namespace], exit: 1, says: /--namespace/ }),
  ),
  { args: ['add-gateway', 'admin', '--namespace', '/chat'], exit: 1, says: /\/chat/, base: 'gateway', why: 'a namespace another gateway serves' },
  { args: ['add-gateway', 'lobby', '--namespace', '/'], exit: 0, odd: true, why: 'the root namespace' },
  ...['../x', '//x', '/x?y', '/x\u0007'].map((path): Case => ({ args: ['add-gateway', 'chat', '--transport', 'ws', '--ws-path', path], exit: 1, says: /--ws-path/ })),
  { args: ['add-gateway', 'chat', '--ws-path', '/x'], exit: 1, says: /--ws-path/, why: '--ws-path on socket.io' },
  { args: ['add-gateway', 'chat', '--transport', 'ws', '--namespace', '/x'], exit: 1, says: /--namespace/ },

  /* ---- Unknown flags, commands, arguments and values, on every command ------------------ */
  ...ALL_COMMANDS.map((command): Case => ({ args: [...commandWithArgs(command), '--bogus'], exit: 1, says: /unknown option '--bogus'/ })),
  ...ALL_COMMANDS.filter((_, i) => i % 2 === 0).map((command): Case => ({ args: [...commandWithArgs(command), '--\u001b[31mx\u0007'], exit: 1, says: /unknown option/, why: 'an unknown flag with control characters' })),
  ...ALL_COMMANDS.filter((_, i) => i % 2 === 1).map((command): Case => ({ args: [...commandWithArgs(command), 'extra', 'args'], exit: 1, says: /too many arguments/ })),
  { args: ['add-gatway', 'chat'], exit: 1, says: /unknown command 'add-gatway'/ },
  { args: ['\u001b]0;pwned\u0007'], exit: 1, says: /unknown command/, why: 'a terminal title escape as the command' },
  { args: ['add-gateway', 'chat', '--namespace'], exit: 1, says: /--namespace/, why: 'a flag without its value' },
  { args: ['add-gateway', 'chat', '--namespace='], exit: 1, says: /--namespace/, why: 'an empty value' },
  { args: ['add-gateway', 'chat', '--transport', 'grpc'], exit: 1, says: /unknown transport "grpc"/ },
  { args: ['add-gateway', 'chat', '--transport', '\u001b[2J'], exit: 1, says: /unknown transport/ },
  { args: ['add-adapter', 'constructor'], exit: 1, says: /unknown adapter kind/ },
  { args: ['add-adapter', '__proto__'], exit: 1, says: /unknown adapter kind/ },
  { args: ['add-gateway', 'chat', '--flat=yes'], exit: 1, says: /--flat/ },
  { args: ['add-gateway'], exit: 1, says: /missing required <name>/ },
  { args: ['add-event'], exit: 1, says: /missing required <event>/, base: 'gateway' },
  { args: ['check', '--format', 'bogus'], exit: 1, says: /--format/ },
  { args: ['doctor', '--fail-on', 'bogus'], exit: 1, says: /--fail-on/ },
  { args: ['doctor', '--explain', 'no-such-rule\u001b[2J'], exit: 1, says: /unknown rule/ },

  /* ---- Broken projects ------------------------------------------------------------------- */
  { args: ['add-gateway', 'chat'], exit: 1, says: /app\.module\.ts:\d+: syntax error: [^;]*[^.;]; fix the syntax error first \(nothing was written\)\./, setup: files({ 'src/app.module.ts': "import { Module } from '@nestjs/common';\n\n@Module({\n  imports: [, controllers: [] }\n})\nexport class AppModule {}\n" }), why: 'a syntax error in the module' },
  {
    args: ['add-gateway', 'chat'],
    exit: 1,
    says: /app\.module\.ts:\d+/,
    setup: both(files({ '.prettierrc': '{ "singleQuote": true }\n', 'src/app.module.ts': "import { Module } from '@nestjs/common';\n\n@Module({ imports: [, controllers: [] })\nexport class AppModule {}\n" }), link(join(REPO, 'node_modules', 'prettier'), 'node_modules/prettier')),
    why: 'a syntax error in the module, with prettier',
  },
  { args: ['add-gateway', 'chat'], exit: 1, says: /main\.ts:\d+/, setup: files({ 'src/main.ts': 'async function bootstrap() {\n  const app = await NestFactory.create(AppModule\n}\n' }), why: 'a syntax error in main.ts' },
  { args: ['add-adapter', 'redis'], exit: 1, says: /main\.ts:\d+/, base: 'gateway', setup: files({ 'src/main.ts': 'const = ;\n' }), why: 'a syntax error in main.ts' },
  { args: ['add-event', 'typing'], exit: 1, says: /chat\.gateway\.ts:\d+/, base: 'gateway', setup: files({ 'src/chat/chat.gateway.ts': 'export class ChatGateway {\n  handle( {\n}\n' }), why: 'a syntax error in the gateway' },
  { args: ['sync'], exit: 1, says: /app\.module\.ts:\d+/, base: 'gateway', setup: files({ 'src/app.module.ts': "import { Module } from '@nestjs/common';\n@Module({ providers: [ }) export class AppModule {}\n" }), why: 'a syntax error where sync would repair' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /package\.json/, setup: (box) => rmSync(join(box.project, 'package.json')), why: 'no package.json' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /package\.json/, setup: files({ 'package.json': '{ "name": "x", ' }), why: 'package.json is not JSON' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /package\.json/, setup: files({ 'package.json': '[1, 2]' }), why: 'package.json is an array' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /package\.json/, setup: files({ 'package.json': 'null' }), why: 'package.json is null' },
  { args: ['add-gateway', 'chat'], exit: 0, odd: true, setup: (box) => writeFileSync(join(box.project, 'package.json'), `\uFEFF${readFileSync(join(box.project, 'package.json'), 'utf8')}`), why: 'package.json with a byte order mark' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /package\.json/, setup: both((box) => rmSync(join(box.project, 'package.json')), folderAt('package.json')), why: 'package.json is a folder' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /not a NestJS project/, setup: files({ 'package.json': '{ "name": "plain", "dependencies": { "express": "^5.0.0" } }\n' }) },
  { args: ['add-gateway', 'chat'], exit: 1, says: /nest-cli\.json/, setup: files({ 'nest-cli.json': '{ "sourceRoot": ' }), why: 'nest-cli.json is not JSON' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /nest-cli\.json|sourceRoot/, setup: files({ 'nest-cli.json': '{ "sourceRoot": "../outside" }' }), why: 'sourceRoot outside the project' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /nest-cli\.json|sourceRoot/, setup: files({ 'nest-cli.json': '{ "sourceRoot": "/etc" }' }), why: 'an absolute sourceRoot' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /nest-cli\.json|sourceRoot/, setup: files({ 'nest-cli.json': '{ "sourceRoot": "node_modules/x" }' }), why: 'sourceRoot inside node_modules' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /nest-cli\.json|sourceRoot/, setup: files({ 'nest-cli.json': '{ "sourceRoot": 42 }' }), why: 'sourceRoot of the wrong type' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /app\.module\.ts/, setup: readOnly('src/app.module.ts'), why: 'a read-only module (444)' },
  { args: ['add-event', 'typing'], exit: 1, says: /chat\.events\.ts|chat\.gateway\.ts/, base: 'gateway', setup: readOnly('src/chat/chat.events.ts'), why: 'a read-only events file (444)' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /src\/chat/, setup: files({ 'src/chat': 'a file where the folder goes\n' }), why: 'a file where a folder goes (ENOTDIR)' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /chat\.gateway\.ts/, setup: folderAt('src/chat/chat.gateway.ts'), why: 'a folder where a file goes (EISDIR)' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /module/, setup: both((box) => rmSync(join(box.project, 'src/app.module.ts')), folderAt('src/app.module.ts')), why: 'the module is a folder' },
  { args: ['init'], exit: 1, says: /nest-cli\.json/, setup: both(INSTALLED, files({ 'nest-cli.json': '{ "collection": ' })), why: 'nest-cli.json is not JSON' },
  { args: ['init'], exit: 1, says: /nest-cli\.json/, setup: both(INSTALLED, readOnly('nest-cli.json')), why: 'a read-only nest-cli.json' },
  { args: ['init'], exit: 1, says: /nest-cli\.json/, setup: both(INSTALLED, (box) => rmSync(join(box.project, 'nest-cli.json')), folderAt('nest-cli.json')), why: 'nest-cli.json is a folder' },
  { args: ['init'], exit: 1, says: /ws-scaffold is not installed/, why: 'ws-scaffold not installed in the project' },
  { args: ['doctor'], exit: 1, says: /package\.json/, setup: files({ 'package.json': '{ "name": ' }), why: 'package.json is not JSON' },

  /* ---- ws-scaffold.json: schema-invalid, and hostile paths inside it -------------------- */
  ...(['check', 'sync', 'add-gateway', 'add-event', 'add-client'] as const).flatMap((command): Case[] =>
    [
      { edit: () => '{ "tool": ', why: 'not JSON' },
      { edit: () => null, why: 'null' },
      { edit: () => [], why: 'an array' },
      { edit: (m: Record<string, unknown>) => ({ ...m, artefacts: {} }), why: 'artefacts is not an array' },
      { edit: (m: { artefacts: Record<string, unknown>[] }) => void delete m.artefacts[0].options, why: 'an artefact without options' },
      { edit: (m: { artefacts: Record<string, unknown>[] }) => void (m.artefacts[0].owns = 'src/x.ts'), why: 'owns is not a list' },
    ].map(({ edit, why }) => ({ args: commandWithArgs(command === 'add-gateway' ? 'add-gateway' : command), exit: 1 as const, says: /ws-scaffold\.json/, base: 'gateway' as Base, setup: manifest(edit as never), why: `ws-scaffold.json ${why}` })),
  ),
  ...[
    { edit: gatewayOptions({ name: '../../outside/x' }), why: 'options.name leaving the project' },
    { edit: gatewayOptions({ path: '../../outside' }), why: 'options.path leaving the project' },
    { edit: gatewayOptions({ module: '/etc/passwd.module.ts' }), why: 'an absolute options.module' },
    { edit: gatewayOptions({ module: '../outside/src/outside.module.ts' }), why: 'options.module leaving the project' },
    { edit: gatewayOptions({ namespace: '/../x' }), why: 'an options.namespace with ..' },
    { edit: gatewayOptions({ transport: 'grpc' }), why: 'an unknown options.transport' },
    { edit: gatewayOptions({ name: 'x\u001b[2J' }), why: 'control characters in options.name' },
    { edit: manifest((m) => void (m.artefacts[0].owns = ['../../outside/notes.txt'])), why: 'owns a file outside the project' },
    { edit: manifest((m) => void (m.artefacts[0].scaffolded = ['/etc/passwd'])), why: 'an absolute scaffolded path' },
    { edit: manifest((m) => void (m.artefacts[0].owns = ['.git/config'])), why: 'owns a file in .git' },
    { edit: manifest((m) => void (m.artefacts[0].scaffolded = ['node_modules/x/index.js'])), why: 'a scaffolded file in node_modules' },
    { edit: manifest((m) => void (m.artefacts[0].fragments = ['C:\\x: y'])), why: 'a fragment with a drive path' },
    { edit: manifest((m) => void (m.artefacts[0].project = '../outside')), why: 'an artefact project leaving the project' },
    { edit: manifest((m) => void (m.artefacts[0].project = 'constructor')), why: 'an artefact project that is an Object.prototype name' },
  ].flatMap(({ edit, why }, i): Case[] => [{ args: [i % 2 ? 'check' : 'sync'], exit: 1, says: /ws-scaffold\.json/, base: 'gateway', setup: edit, why }]),
  { args: ['sync'], exit: 1, says: /ws-scaffold\.json/, setup: folderAt('ws-scaffold.json'), why: 'ws-scaffold.json is a folder' },
  // A kind this version does not know (a newer ws-scaffold wrote it) is drift that names it, even one named like a member of every object.
  ...['constructor', '__proto__', 'toString'].map((kind, i): Case => ({ args: [i % 2 ? 'sync' : 'check'], exit: 2, says: /unknown generator/, base: 'gateway', setup: manifest((m) => void (m.artefacts[0].kind = kind)), why: `an artefact kind ${kind}` })),
  { args: ['check'], exit: 1, says: /ws-scaffold\.json/, why: 'no ws-scaffold.json' },

  /* ---- The lock and the commit journal, planted or broken -------------------------------- */
  {
    args: ['check'],
    exit: 1,
    says: /journal/,
    base: 'gateway',
    setup: both(link('../outside', 'linked'), journal({ pid: 999_999, folders: [], files: [{ path: 'linked/notes.txt', sha256: sha256('not the project\n'), backup: false }] })),
    why: 'a planted journal that would remove a file outside through a symlink',
  },
  {
    args: ['sync'],
    exit: 1,
    says: /journal/,
    base: 'gateway',
    setup: journal({ pid: 999_999, folders: ['../outside/empty'], files: [] }),
    why: 'a planted journal naming a folder outside',
  },
  { args: ['add-gateway', 'chat'], exit: 1, says: /journal/, setup: journal('{"journal":"ws-scaffold commit","version":1,"pid":-1,"folders":"x","files":[]}'), why: 'a journal of the wrong shape' },
  { args: ['add-gateway', 'chat'], exit: 1, says: /\.ws-scaffold\.lock|lock/, setup: folderAt('.ws-scaffold.lock/x'), why: 'the lock is a folder' },
];

/* -------------------------------------------------------------------------------------------- */
/* The run                                                                                       */

const APP_CONTROLLER = "import { Controller, Get } from '@nestjs/common';\n\n@Controller()\nexport class AppController {\n  @Get()\n  hello(): string {\n    return 'hello';\n  }\n}\n";
const templates = {} as Record<Base, Sandbox>;
const oddProjects: { title: string; project: string }[] = [];
const made: Sandbox[] = [];

beforeAll(async () => {
  // `npm test` builds first; a direct vitest run must not test a stale build silently.
  expect(existsSync(join(__dirname, '..', '..', 'dist', 'cli', 'main.js'))).toBe(true);
  templates.plain = sandboxWith({ ...FIXTURES['cjs-jest'], 'src/app.controller.ts': APP_CONTROLLER });
  templates.gateway = copySandbox(templates.plain);
  const run = await cli(['add-gateway', 'chat', '--skip-install'], templates.gateway.project);
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  stopDrivers();
  for (const box of [...made, ...Object.values(templates)]) removeSandbox(box);
  // Hundreds of sandboxes: removing them takes longer than vitest's default hook timeout on busy cores.
}, 120_000);

const shownArgs = (args: string[]) => args.map((a) => (/^[\w./:@=-]+$/.test(a) ? a : JSON.stringify(a).replace(/[\u007f-\u009f\u200b\u202a-\u202e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))).join(' ');
const titleOf = (c: Case) => `${c.exit} ← ${shownArgs(c.args).slice(0, 140)}${c.why ? `  (${c.why})` : ''}`;

/** One case, in a fresh sandbox, through `run` (a driver, or its own process); every check made. Returns the output, the sandbox's path as `<sandbox>`. */
async function runCase(c: Case, json: boolean, run: typeof cli = cli): Promise<Run> {
  const box = copySandbox(templates[c.base ?? 'plain']);
  made.push(box);
  c.setup?.(box);
  const before = digest(box.root);
  const [command, ...rest] = c.args.map((a) => a.replaceAll('{outside}', box.outside).replaceAll('{project}', box.project));
  // Flags of the run go first, so that a case's last flag keeps its (missing) value.
  const args = [command, ...(GENERATORS.includes(command) ? ['--skip-install'] : []), ...(json ? ['--json'] : []), ...rest];
  const result = c.fromDeletedFolder ? await run(args, mkdtempSync(join(tmpdir(), 'ws-scaffold-hostile-gone-')), { deleteCwd: true }) : await run(args, box.project);
  const output = `${json ? 'json' : 'text'} exit ${result.code}${result.signal ? ` (${result.signal})` : ''}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
  expect(result.code, output).toBe(c.exit);
  const changed = changes(before, digest(box.root));
  if (c.odd) {
    expect(changed.filter((line) => !/^[+~] project\//.test(line)), `${output}\nchanged outside the project or removed:\n${changed.join('\n')}`).toEqual([]);
    if (json) expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, applied: true, exitCode: 0 });
    else {
      expect(result.stderr, output).toBe('');
      const check = await run(['check'], box.project);
      expect(check.code, `check after it:\n${check.stdout}${check.stderr}`).toBe(0);
      if (run === cli) oddProjects.push({ title: titleOf(c), project: box.project });
    }
  } else {
    expect(badInputProblems(result, json), output).toEqual([]);
    if (c.says) {
      const parsed = json ? JSON.parse(result.stdout) : undefined;
      const message = parsed ? String(parsed.error?.message ?? JSON.stringify(parsed.drift)) : result.stderr || result.stdout;
      expect(message, output).toMatch(c.says);
    }
    expect(changed, `${output}\nthe sandbox changed:\n${changed.join('\n')}`).toEqual([]);
  }
  const anonymous = (text: string) => text.replaceAll(box.root, '<sandbox>');
  return { ...result, stdout: anonymous(result.stdout), stderr: anonymous(result.stderr) };
}

/** Every SAMPLE-th case also runs as `node bin/ws-scaffold.js` in its own process, and must answer exactly as the driver did. */
const SAMPLE = 24;

describe('the hostile corpus', () => {
  it(`has at least 150 cases (${CASES.length}), each a distinct command line and set-up`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    const keys = CASES.map((c) => `${JSON.stringify(c.args)} ${c.why ?? ''} ${c.base ?? ''}`);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  describe.concurrent.each(['text', 'json'])('%s output', (format) => {
    const json = format === 'json';
    it.each(CASES.map((c, i) => [titleOf(c), c, i] as const))('%s', async (_, c, i) => {
      const answer = await runCase(c, json);
      if (i % SAMPLE === (json ? SAMPLE / 2 : 0)) expect(await runCase(c, json, cliProcess), 'the same case as its own process').toEqual(answer);
    }, 120_000);
  });

  it('valid but odd values give code that type-checks', () => {
    expect(oddProjects.length).toBe(CASES.filter((c) => c.odd).length);
    // The control: `add-gateway chat`'s project. What fails there comes from the packages the
    // sandbox lacks (a base class that is not there to extend, say); in the kit files every project
    // shares, the same diagnostics are not the odd value's doing. There must be only a few (each
    // member of a kit class that overrides a package's class, unresolved here, brings one to three).
    const control = templates.gateway.project;
    const diagnostics = typeCheck([control, ...oddProjects.map((p) => p.project)]);
    const known = new Set(diagnostics.get(control));
    expect(known.size).toBeLessThan(24);
    const failing = oddProjects.flatMap(({ title, project }) => {
      const own = diagnostics.get(project)!.filter((d) => !known.has(d));
      return own.length ? [`${title}\n  ${own.join('\n  ')}`] : [];
    });
    expect(failing).toEqual([]);
  }, 120_000);
});
