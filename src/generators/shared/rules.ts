import { posix } from 'node:path';
import type { Rule, RuleContext } from '../../engine/options';
import { UsageError } from '../../errors';
import { assertInsideProject } from '../../tree/project-paths';

/*
 * The rules every value a user gives passes before anything is planned; each option's declaration
 * names its rule. Allow-lists, not deny-lists: what is not described here is refused, with one
 * line that names the flag and shows the value (control characters escaped).
 */

/** Longest name (all path segments): file names stay far below the file system's 255 bytes. */
export const MAX_NAME_LENGTH = 100;
const MAX_SEGMENT_LENGTH = 60;
const MAX_ROUTE_LENGTH = 100;
const MAX_PATTERN_LENGTH = 200;

/**
 * Words JavaScript reserves (strict mode included, as TypeScript compiles classes and modules):
 * never an identifier ws-scaffold writes from a value. TypeScript's contextual words (`type`,
 * `string`, `get`) are fine as names and stay allowed.
 */
export const RESERVED_WORDS = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with implements interface let package private ' +
    'protected public static yield await arguments eval undefined')
    .split(' '),
);

/** Names every object already has: a field, placeholder or event of that name breaks the generated code. */
export const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Characters a terminal acts on or that hide text: C0 and C1 controls, and the invisible format
 * characters (zero-width spaces and joiners, bidi embeddings and overrides, which can make a line
 * read as something else), plus the line and paragraph separators.
 */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** Text with every unprintable character (but those in `keep`) written as its escape, `\u001b`. */
export function escapeUnprintable(text: string, keep = ''): string {
  return text.replace(UNPRINTABLE, (c) => {
    if (keep.includes(c)) return c;
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A value as an error message shows it: quoted, control and invisible characters escaped. */
export const shown = (value: string): string => escapeUnprintable(JSON.stringify(value));

/** A value in a message: as typed when it is plain printable text, else quoted and escaped (see shown). */
export const display = (value: string): string => (/^[!-~]+$/.test(value) && !value.includes('"') ? value : shown(value));

const fail = (context: Pick<RuleContext, 'label'>, value: string, why: string): never => {
  throw new UsageError(`${context.label} ${display(value)}: ${why}`);
};

/** Whatever the value, never a control character, a backslash path, an absolute or a drive path. */
function assertPlainPath(value: string, context: Pick<RuleContext, 'label'>): void {
  if (/[\u0000-\u001f\u007f]/.test(value)) fail(context, value, 'control characters are not allowed.');
  if (value.includes('\\')) fail(context, value, 'use / to separate folders (a backslash is not a folder separator here).');
  if (/^[A-Za-z]:/.test(value)) fail(context, value, 'a drive path is not a project path; give a path relative to the project.');
  if (value.startsWith('/')) fail(context, value, 'an absolute path is not allowed; give a path relative to the project.');
  if (value.split('/').some((s) => s === '..' || s === '.')) fail(context, value, '"." and ".." are not allowed; name the folder directly.');
  if (value.split('/').some((s) => s === '')) fail(context, value, 'empty path segment (// or a trailing /).');
}

/**
 * One part of a name: letters of any script and digits, starting with a letter, words joined by
 * one `-` or `_` (never at the end: `chat-` would make the class of `chat`).
 */
export const NAME_SEGMENT = /^\p{L}[\p{L}\p{N}]*(?:[-_][\p{L}\p{N}]+)*$/u;

/**
 * A generated thing's name: `chat`, `chat-room`, `admin/chat` (folders before the last `/`).
 * Letters (any script), digits, `-` and `_`, each segment starting with a letter.
 */
export const artefactName: Rule<string> = (raw, context) => {
  const value = raw.trim();
  if (value === '') fail(context, raw, 'a name is required (e.g. chat).');
  assertPlainPath(value, context);
  if (value.length > MAX_NAME_LENGTH) fail(context, `${value.slice(0, 40)}…`, `too long (${value.length} characters; at most ${MAX_NAME_LENGTH}).`);
  for (const segment of value.split('/')) {
    if (!NAME_SEGMENT.test(segment)) {
      throw new UsageError(`${shown(value)} is not a valid name: use letters, digits, - or _, starting with a letter (e.g. chat, chat-room or admin/chat).`);
    }
    if (segment.length > MAX_SEGMENT_LENGTH) fail(context, value, `each part at most ${MAX_SEGMENT_LENGTH} characters.`);
    if (segment === 'node_modules') fail(context, value, 'node_modules is a folder ws-scaffold never writes into.');
  }
  return value;
};

/** `--path`: a folder under the source root that stays inside the project, symlinks included. */
export const sourceFolder: Rule<string> = (raw, context) => {
  const value = raw.trim().replace(/\/+$/, '');
  if (value === '') fail(context, raw, 'give a folder, or leave the option out.');
  assertPlainPath(value, context);
  if (value.length > MAX_NAME_LENGTH) fail(context, `${value.slice(0, 40)}…`, `too long (${value.length} characters; at most ${MAX_NAME_LENGTH}).`);
  for (const segment of value.split('/')) {
    if (!/^[\p{L}\p{N}_.-]+$/u.test(segment)) fail(context, value, 'use letters, digits, ., - or _ in folder names.');
    if (segment.length > MAX_SEGMENT_LENGTH) fail(context, value, `each folder name at most ${MAX_SEGMENT_LENGTH} characters.`);
  }
  if (context.project) {
    const { tree, info } = context.project;
    assertInsideProject(tree.root, posix.join(info.sourceRoot, value), context.label);
  }
  return value;
};

/** A project file given by its project-relative path (`--module src/app.module.ts`): it must exist. */
export const projectFile =
  (extension: string): Rule<string> =>
  (raw, context) => {
    const value = raw.trim().replace(/^\.\//, '');
    assertPlainPath(value, context);
    if (!value.endsWith(extension)) fail(context, value, `expected a ${extension} file.`);
    if (context.project) {
      assertInsideProject(context.project.tree.root, value, context.label);
      if (!context.project.tree.exists(value)) fail(context, value, 'no such file in the project.');
    }
    return value;
  };

/**
 * A file a command writes or reads by its project-relative path that need not exist yet (`asyncapi
 * --out asyncapi.json`, `check --contract`): a plain relative path of at most MAX_NAME_LENGTH
 * characters; with the project, inside it (symlinks included), never into .git, node_modules or
 * the build output.
 */
export const projectPath: Rule<string> = (raw, context) => {
  const value = raw.trim().replace(/^\.\//, '');
  if (value === '') fail(context, raw, 'give a file, relative to the project.');
  assertPlainPath(value, context);
  if (value.length > MAX_NAME_LENGTH) fail(context, `${value.slice(0, 40)}…`, `too long (${value.length} characters; at most ${MAX_NAME_LENGTH}).`);
  if (context.project) assertInsideProject(context.project.tree.root, value, context.label);
  return value;
};

/** `--module`: a project file that declares a Nest module (`@Module(...)`). */
export const moduleFile: Rule<string> = (raw, context) => {
  const value = projectFile('.ts')(raw, context);
  const text = context.project?.tree.read(value);
  if (text !== undefined && !/@Module\s*\(/.test(text)) fail(context, value, 'no @Module(...) class in this file; name the module to register in.');
  return value;
};

/** `--gateway`: an add-gateway name (`chat`) or the gateway's file (`src/chat/chat.gateway.ts`). */
export const gatewayReference: Rule<string> = (raw, context) => {
  const value = raw.trim();
  if (value === '') fail(context, raw, 'name the gateway (e.g. chat) or leave the option out.');
  return value.endsWith('.ts') ? projectFile('.ts')(value, context) : artefactName(value, context);
};

/**
 * A socket.io namespace or ws URL path: `/chat`, `/admin/audit`; a leading `/` is added. No empty
 * segments (`//`), no `.` or `..`, letters, digits, `-`, `_` and `.` only.
 */
export const route: Rule<string> = (raw, context) => {
  const trimmed = raw.trim();
  if (trimmed === '') fail(context, raw, 'give a path like /chat, or leave the option out for the default.');
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) fail(context, trimmed, 'control characters are not allowed.');
  const value = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  if (value === '/') return value;
  if (value.length > MAX_ROUTE_LENGTH) fail(context, value, `too long (at most ${MAX_ROUTE_LENGTH} characters).`);
  const segments = value.slice(1).split('/');
  if (segments.some((s) => s === '')) fail(context, value, 'empty segment (// or a trailing /).');
  if (segments.some((s) => s === '.' || s === '..')) fail(context, value, '"." and ".." segments are not allowed.');
  if (segments.some((s) => !/^[A-Za-z0-9_.-]+$/.test(s))) fail(context, value, 'use a path like /chat (letters, digits, -, _ and . in each segment).');
  return value;
};

/** A JavaScript identifier ws-scaffold writes from a value: not reserved, not an Object.prototype name. */
export function assertIdentifier(name: string, context: Pick<RuleContext, 'label'>, what: string): void {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) fail(context, name, `${what} must be an identifier (letters, digits, _ or $, not starting with a digit).`);
  if (name.length > MAX_SEGMENT_LENGTH) fail(context, name, `${what} at most ${MAX_SEGMENT_LENGTH} characters.`);
  if (RESERVED_WORDS.has(name)) fail(context, name, `${what} is a reserved word of JavaScript or TypeScript; choose another.`);
  if (PROTOTYPE_NAMES.has(name)) fail(context, name, `${what} is the name of a member every object has (Object.prototype); choose another.`);
}

/** Event names socket.io or Nest use themselves: a handler for them would never run, or break the client. */
export const RESERVED_EVENTS = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'exception', 'newListener', 'removeListener'];

/** An event name: `typing`, `chat:send`, `order.created`. */
export const eventName: Rule<string> = (raw, context) => {
  const value = raw.trim();
  if (RESERVED_EVENTS.includes(value)) {
    throw new UsageError(`${shown(value)} is a reserved event name (${RESERVED_EVENTS.join(', ')}): socket.io or Nest use it themselves; choose another, e.g. "chat:${value}".`);
  }
  if (!/^[A-Za-z][\w:.-]*$/.test(value)) {
    throw new UsageError(`${shown(raw)} is not a valid event name: use letters, digits, :, ., - or _, starting with a letter (e.g. typing or chat:send).`);
  }
  if (value.length > MAX_SEGMENT_LENGTH) fail(context, value, `at most ${MAX_SEGMENT_LENGTH} characters.`);
  if (PROTOTYPE_NAMES.has(value)) fail(context, value, 'the name of a member every object has (Object.prototype); choose another.');
  return value;
};

export const FIELD_TYPES = ['string', 'number', 'boolean', 'string[]'] as const;

/** Payload fields: `name:type`, `name:type?` (optional); each name once. */
export const fieldList: Rule<string[]> = (raw, context) => {
  const seen = new Set<string>();
  return raw.map((spec) => {
    const match = /^([^:]*):(.*?)(\?)?$/.exec(spec);
    if (!match || /\s/.test(spec)) fail(context, spec, `expected name:type with type ${FIELD_TYPES.join(', ')} and ? for optional (e.g. roomId:string?), without spaces.`);
    const [, name, type] = match!;
    assertIdentifier(name, context, 'the field name');
    if (!(FIELD_TYPES as readonly string[]).includes(type)) fail(context, spec, `the type must be one of ${FIELD_TYPES.join(', ')}.`);
    if (seen.has(name)) fail(context, spec, `the field ${name} is given twice.`);
    seen.add(name);
    return spec;
  });
};

/** A room kind: `project`, `chat-lobby`. */
export const roomKind: Rule<string> = (raw, context) => {
  const value = raw.trim();
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(value)) fail(context, raw, 'use letters, digits and -, starting with a letter (e.g. project).');
  if (value.length > MAX_SEGMENT_LENGTH) fail(context, value, `at most ${MAX_SEGMENT_LENGTH} characters.`);
  return value;
};

/** `{param}` placeholders of a room pattern, in order. */
export const patternPlaceholders = (pattern: string): string[] => [...pattern.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);

/**
 * A room name pattern: `project:{id}`, `org:{orgId}:board:{id}`. It starts with a literal part,
 * so a room name never equals what a client sends (a raw `{id}` could name another socket's
 * private room, whose name is its id); placeholders are identifiers, each once, never adjacent.
 */
export const roomPattern: Rule<string> = (raw, context) => {
  const value = raw.trim();
  if (value === '') fail(context, raw, 'give a pattern like project:{id}, or leave the option out for the default.');
  if (value.length > MAX_PATTERN_LENGTH) fail(context, value, `too long (at most ${MAX_PATTERN_LENGTH} characters).`);
  if (!/^[\w:.\-/{}]+$/.test(value)) fail(context, value, 'use letters, digits, : . - / and {param} placeholders, e.g. project:{id}.');
  const withoutPlaceholders = value.replace(/\{[^{}]*\}/g, '');
  if (/[{}]/.test(withoutPlaceholders)) fail(context, value, 'unbalanced { or }: each placeholder is {name}.');
  if (!/^[A-Za-z0-9]/.test(value)) fail(context, value, 'start with a literal part (e.g. project:{id}): a room name equal to raw client input could be another socket\'s private room.');
  if (/\}\{/.test(value)) fail(context, value, 'two placeholders side by side cannot be told apart; put a separator between them.');
  const params = patternPlaceholders(value);
  for (const param of params) {
    assertIdentifier(param, context, `the placeholder {${param}}`);
    if (param === 'text') fail(context, value, '{text} is taken by the room message\'s text.');
  }
  if (new Set(params).size !== params.length) fail(context, value, 'each {param} may appear once.');
  return value;
};

/**
 * A dynamic namespace pattern: a RegExp anchored to whole names (`^/tenant-[a-z0-9]+$`), without
 * nested quantifiers, which make a backtracking engine take exponential time on a crafted name
 * (every client's namespace is matched against it).
 */
export const namespacePattern: Rule<string> = (raw, context) => {
  const source = raw.trim().replace(/^\/(\^.*\$)\/$/, '$1');
  if (source === '') fail(context, raw, "give a pattern like '^/tenant-[a-z0-9]+$', or leave the option out for a static namespace.");
  if (/[\u0000-\u001f\u007f]/.test(source)) fail(context, source, 'control characters are not allowed.');
  if (source.length > MAX_PATTERN_LENGTH) fail(context, source, `too long (at most ${MAX_PATTERN_LENGTH} characters).`);
  try {
    new RegExp(source);
  } catch (error) {
    fail(context, source, `not a valid regular expression (${(error as Error).message}).`);
  }
  if (!source.startsWith('^/') || !source.endsWith('$') || source.endsWith('\\$')) {
    fail(context, source, "anchor it to whole namespace names, starting with ^/ and ending with $ (e.g. '^/tenant-[a-z0-9]+$').");
  }
  const risks = backtrackingRisks(source);
  if (risks.nestedQuantifier) fail(context, source, 'a quantified group that contains a quantifier (like (a+)+) can take exponential time to match; simplify it.');
  if (risks.quantifiedAlternation) fail(context, source, 'a repeated group of alternatives (like (a|ab)+) can take exponential time to match when they overlap; use a character class (e.g. [ab]+).');
  return source;
};

/** A `{2,}` or `{1,5}` quantifier at the start of the text (`{3}`, a fixed count, is not one). */
const RANGE_QUANTIFIER = /^\{\d+,\d*\}/;

const repeats = (text: string): boolean => text[0] === '+' || text[0] === '*' || RANGE_QUANTIFIER.test(text);

/**
 * What makes a backtracking engine take exponential time on a regular expression, in one walk over
 * its groups (escapes and character classes passed over): a repeated group that itself repeats,
 * `(a+)+`, `(a|b*)*`, `(?:x{2,})+`; a repeated group of alternatives, `(a|ab)+`, `(?:x|y)*`, `(a|b){2,}`.
 */
export function backtrackingRisks(source: string): { nestedQuantifier: boolean; quantifiedAlternation: boolean } {
  const risks = { nestedQuantifier: false, quantifiedAlternation: false };
  const groups: { quantified: boolean; alternation: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const innermost = groups[groups.length - 1];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push({ quantified: false, alternation: false });
    else if (c === ')') {
      const group = groups.pop();
      if (!group) continue;
      const after = source.slice(i + 1);
      const repeated = repeats(after);
      const repeatedMore = repeated && !/^\{(\d+),\1\}/.test(after);
      if (group.quantified && repeatedMore) risks.nestedQuantifier = true;
      if (group.alternation && repeated) risks.quantifiedAlternation = true;
      const parent = groups[groups.length - 1];
      if (parent && (group.quantified || repeatedMore)) parent.quantified = true;
    } else if (c === '|' && innermost) innermost.alternation = true;
    else if ((c === '+' || c === '*' || RANGE_QUANTIFIER.test(source.slice(i))) && innermost) innermost.quantified = true;
  }
  return risks;
}

/** `--project`: a nest-cli.json project name (checked against the file when the project is read). */
export const projectName: Rule<string> = (raw, context) => {
  const value = raw.trim();
  if (!/^[\w.@-][\w.@/-]*$/.test(value) || value.includes('..') || value.length > MAX_NAME_LENGTH) fail(context, raw, 'not a project name (see nest-cli.json "projects").');
  if (PROTOTYPE_NAMES.has(value)) fail(context, value, 'the name of a member every object has (Object.prototype), not a project name.');
  return value;
};

/** A spec file suffix: `spec`, `test`. */
export const fileSuffix: Rule<string> = (raw, context) => {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(raw)) fail(context, raw, 'use letters, digits and -, e.g. spec.');
  return raw;
};
