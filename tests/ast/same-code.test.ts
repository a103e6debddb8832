import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as prettier from 'prettier';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTsMorph } from '../../src/ast/morph';
import { sameCode, sameTypeText, shapeOf } from '../../src/ast/same-code';
import { parseSource } from '../../src/ast/source';
import { runGenerator } from '../../src/commands/run';
import { GENERATORS } from '../../src/generators/registry';
import { FIXTURES, makeProject } from '../support/projects';

/** What a formatter may change: each pair is the same code. */
const formatting: [string, string, string][] = [
  ['parentheses that change no meaning', 'const x = (client.status === "ready" ? client.quit() : client.disconnect());', 'const x = client.status === "ready" ? client.quit() : client.disconnect();'],
  ['parentheses around a mixed && / ||', 'const x = a && b || c;', 'const x = (a && b) || c;'],
  ['parentheses around an arrow parameter', 'const f = (x) => x;', 'const f = x => x;'],
  ['parentheses in a type', 'type T = (A | B);', 'type T = A | B;'],
  ['optional semicolons', 'const a = 1;\nfoo();\nclass C { x = 1; }', 'const a = 1\nfoo()\nclass C { x = 1 }'],
  ['empty statements', 'foo();;\nclass C { ; m() {} }', 'foo();\nclass C { m() {} }'],
  ["a union's leading |", 'type A =\n  | { ok: true }\n  | { ok: false };', 'type A = { ok: true } | { ok: false }'],
  ["an intersection's leading &", 'type A =\n  & B\n  & C;', 'type A = B & C;'],
  ['; versus , between type members', 'type A = { a: string; b: number };\ninterface I { a: string; b: number; }', 'type A = { a: string, b: number }\ninterface I { a: string, b: number }'],
  ['trailing commas', 'f(a, b,);\nconst o = { a, b, };\nconst l = [1, 2,];\nfunction g(x, y,) {}', 'f(a, b);\nconst o = { a, b };\nconst l = [1, 2];\nfunction g(x, y) {}'],
  ['quote style', "const s = 'it\\'s';", 'const s = "it\'s";'],
  ['string escapes', "const s = '\\u0041\\x42';", "const s = 'AB';"],
  ['quoted against bare keys', "const o = { 'a': 1, \"b-c\": 2 };\ninterface I { 'x': string }", 'const o = { a: 1, "b-c": 2 };\ninterface I { x: string }'],
  ['numeric keys', "const o = { 1: 'a' };", "const o = { '1': 'a' };"],
  ['numeric literal spelling', 'const n = [1e6, 0xff, 1_000, .5, 0b11];', 'const n = [1000000, 255, 1000, 0.5, 3];'],
  ['new without arguments', 'const d = new Date;', 'const d = new Date();'],
  ['line breaks and indentation', 'foo(a,\n    b);', 'foo(a, b);'],
  ['tabs', 'class C {\n\tm() {\n\t\treturn 1;\n\t}\n}', 'class C {\n  m() {\n    return 1;\n  }\n}'],
  ['CRLF', 'const a = 1;\r\nconst b = 2;\r\n', 'const a = 1;\nconst b = 2;\n'],
  ['a comment that moved', 'foo(a, /* why */ b);', 'foo(\n  a,\n  // why\n  b,\n);'.replace('// why', '/* why */')],
  ['a JSDoc comment re-indented', 'class C {\n  /**\n   * Doc.\n   */\n  m() {}\n}', 'class C {\n\t/**\n\t * Doc.\n\t */\n\tm() {}\n}'],
];

/** What is code: each pair differs. */
const meaning: [string, string, string][] = [
  ['an identifier', 'foo(a);', 'foo(b);'],
  ['a string value', "const s = 'a';", "const s = 'b';"],
  ['a number', 'const n = 1e6;', 'const n = 1e5;'],
  ['an operator', 'const x = a === b;', 'const x = a !== b;'],
  ['a unary operator', 'const x = -a;', 'const x = !a;'],
  ['precedence spelt by parentheses', 'const x = (a + b) * c;', 'const x = a + b * c;'],
  ['a member', 'interface I { a: string }', 'interface I { a: string; b: string }'],
  ['optional or not', 'interface I { a: string }', 'interface I { a?: string }'],
  ['a type', 'interface I { a: string }', 'interface I { a: number }'],
  ['a decorator argument', "@Sub('a') class C {}", "@Sub('b') class C {}"],
  ['a decorator call', '@Injectable() class C {}', '@Injectable class C {}'],
  ['const against let', 'const a = 1;', 'let a = 1;'],
  ['?. against .', 'a?.b.c;', 'a.b.c;'],
  ['(a?.b).c against a?.b.c', '(a?.b).c;', 'a?.b.c;'],
  ['import type', "import type { A } from 'a';", "import { A } from 'a';"],
  ['an export', 'export const a = 1;', 'const a = 1;'],
  ['statement order', 'a();\nb();', 'b();\na();'],
  ['list order', 'f(a, b);', 'f(b, a);'],
  ['union order', 'type T = A | B;', 'type T = B | A;'],
  ['a computed against a bare key', 'const o = { [a]: 1 };', 'const o = { a: 1 };'],
  ['a tagged template raw text', 'String.raw`\\u0041`;', 'String.raw`A`;'],
  ['extends against implements', 'class A extends B {}', 'class A implements B {}'],
  ['async', 'async function f() {}', 'function f() {}'],
  ['a comment (whole files)', '// keep\nfoo();', '// drop\nfoo();'],
];

describe('sameCode: formatting never counts', () => {
  for (const [what, a, b] of formatting) {
    it(what, () => {
      expect(sameCode(a, b)).toBe(true);
      expect(sameCode(b, a)).toBe(true);
    });
  }
});

describe('sameCode: a change of meaning always counts', () => {
  for (const [what, a, b] of meaning) {
    it(what, () => {
      expect(sameCode(a, b)).toBe(false);
      expect(sameCode(b, a)).toBe(false);
    });
  }

  it('a text that does not parse is the same only as itself', () => {
    expect(sameCode('imports: [, controllers: [] }', 'imports: [, controllers: [] }')).toBe(true);
    expect(sameCode('imports: [, controllers: [] }', 'imports: [,controllers: []}')).toBe(false);
  });
});

describe('fragments: types and shapes', () => {
  it('types compare by meaning, not spelling', () => {
    expect(sameTypeText('| { ok: true; room: string } | { ok: false; reason: string }', '{ ok: true, room: string } | { ok: false, reason: string }')).toBe(true);
    expect(sameTypeText('Promise<(A)>', 'Promise<A>')).toBe(true);
    expect(sameTypeText('Promise<A>', 'Promise<B>')).toBe(false);
  });

  it("a declaration's shape ignores doc comments, decorators, member order and formatting", () => {
    const shape = (text: string, name: string) => {
      const source = parseSource(`shape-${name}.ts`, text);
      return shapeOf(source.getClass(name) ?? source.getInterface(name) ?? source.getTypeAliasOrThrow(name));
    };
    expect(shape('/** mine */\nexport class D {\n  @IsString() a!: string;\n  b?: number;\n}', 'D')).toBe(shape('export class D { b?: number; a!: string }', 'D'));
    expect(shape('export class D { a!: string }', 'D')).not.toBe(shape('export class D { a!: number }', 'D'));
    expect(shape('export type A =\n  | { ok: true; room: string; members?: number }\n  | { ok: false; room: string; reason: string };', 'A')).toBe(
      shape('export type A = { ok: true, room: string, members?: number } | { ok: false, room: string, reason: string }', 'A'),
    );
  });
});

/** Every .ts file every generator writes, as planned (before any formatter). */
async function generatedFiles(): Promise<Map<string, string>> {
  const root = makeProject(FIXTURES['cjs-jest']);
  const runs: [string, Record<string, unknown>][] = [
    ['gateway', { name: 'chat' }],
    ['gateway', { name: 'news', throttle: true }],
    ['event', { event: 'typing', gateway: 'chat', fields: ['draft:string', 'count:number?'] }],
    ['event', { event: 'presence', gateway: 'chat', broadcast: true, fields: ['online:boolean'] }],
    ['room', { room: 'lobby', gateway: 'chat' }],
    ['room', { room: 'board', gateway: 'chat', pattern: 'org:{orgId}:board:{id}' }],
    ['namespace', { name: 'admin' }],
    ['namespace', { name: 'tenant', pattern: '^/tenant-[a-z0-9]+$' }],
    ['client', { gateway: 'chat' }],
    ['adapter', { kind: 'redis' }],
  ];
  for (const [kind, options] of runs) await runGenerator(await GENERATORS[kind](), options as never, { cwd: root, skipInstall: true });
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) files.set(relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(join(root, 'src'));
  return files;
}

const PRETTIER_CONFIGS: Record<string, prettier.Options> = {
  defaults: {},
  'semi false': { semi: false },
  'singleQuote false': { singleQuote: false },
  'trailingComma none': { trailingComma: 'none' },
  'trailingComma all': { trailingComma: 'all' },
  'arrowParens avoid': { arrowParens: 'avoid' },
  'printWidth 40': { printWidth: 40 },
  'printWidth 160': { printWidth: 160 },
  useTabs: { useTabs: true },
  'endOfLine crlf': { endOfLine: 'crlf' },
  'bracketSpacing false': { bracketSpacing: false },
  'quoteProps consistent': { quoteProps: 'consistent', singleQuote: true },
  'all at once': { semi: false, printWidth: 140, trailingComma: 'none', arrowParens: 'avoid', bracketSpacing: false },
};

describe('on everything ws-scaffold generates', () => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = await generatedFiles();
    expect(files.size).toBeGreaterThan(15);
  }, 60_000);

  for (const [config, options] of Object.entries(PRETTIER_CONFIGS)) {
    it(`prettier with ${config} changes no file's code`, async () => {
      for (const [path, text] of files) {
        const formatted = await prettier.format(text, { ...options, filepath: path });
        expect(sameCode(text, formatted), `${path} under ${config}`).toBe(true);
      }
    });
  }

  it('one changed token anywhere is a change of code', () => {
    const ts = loadTsMorph().ts;
    let mutations = 0;
    for (const [path, text] of files) {
      const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
      const tokens: { start: number; end: number; kind: number; text: string }[] = [];
      for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
        tokens.push({ start: scanner.getTokenStart(), end: scanner.getTokenEnd(), kind, text: scanner.getTokenText() });
      }
      // Every fourth token of each file: identifiers, literals, operators and keywords alike.
      for (let i = 3; i < tokens.length; i += 4) {
        const token = tokens[i];
        const replacement = mutate(ts, token);
        if (replacement === undefined) continue;
        const changed = text.slice(0, token.start) + replacement + text.slice(token.end);
        const parsed = ts.createSourceFile('m.ts', changed, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS) as unknown as { parseDiagnostics: unknown[] };
        if (parsed.parseDiagnostics.length) continue;
        mutations++;
        expect(sameCode(text, changed), `${path}: ${token.text} -> ${replacement} at ${token.start}`).toBe(false);
      }
    }
    expect(mutations).toBeGreaterThan(300);
  });
});

/** Another token of the same class, or undefined for punctuation a formatter may add or drop. */
function mutate(ts: ReturnType<typeof loadTsMorph>['ts'], token: { kind: number; text: string }): string | undefined {
  const k = ts.SyntaxKind;
  if (token.kind === k.Identifier) return `${token.text}X`;
  if (token.kind === k.StringLiteral) return `${token.text[0]}${token.text.slice(1, -1)}x${token.text[0]}`;
  if (token.kind === k.NumericLiteral) return String(Number(token.text.replace(/_/g, '')) + 1);
  const swaps: Record<number, string> = {
    [k.EqualsEqualsEqualsToken]: '!==', [k.ExclamationEqualsEqualsToken]: '===', [k.AmpersandAmpersandToken]: '||',
    [k.BarBarToken]: '&&', [k.PlusToken]: '-', [k.MinusToken]: '+', [k.LessThanToken]: '>', [k.TrueKeyword]: 'false',
    [k.FalseKeyword]: 'true', [k.ConstKeyword]: 'let', [k.QuestionQuestionToken]: '||', [k.PublicKeyword]: 'private',
    [k.PrivateKeyword]: 'public', [k.ReadonlyKeyword]: '', [k.AsyncKeyword]: '', [k.StringKeyword]: 'number', [k.NumberKeyword]: 'string',
  };
  return swaps[token.kind];
}
