import type * as TsMorph from 'ts-morph';
import { Node, loadTsMorph } from './morph';

type Ts = typeof TsMorph.ts;
type TsNode = TsMorph.ts.Node;

/*
 * The one comparison of code in ws-scaffold: two texts are the same code when they parse to the
 * same syntax tree. What a formatter decides is not in the tree, so it never counts: whitespace,
 * line breaks, indentation and line endings; optional semicolons and empty statements; parentheses
 * (the tree already holds the precedence they spell, so `(a ? b : c)` and `a ? b : c` are one
 * node, while `(a + b) * c` and `a + b * c` are two different trees); a union's leading `|`; `;`
 * or `,` between type members; trailing commas; `new X` against `new X()`; quote style and escapes
 * (a string is its value); quoted against bare property keys (a key is its name); the spelling of
 * a number (`1e6`, `1_000_000`, `0xf4240` are one value). Everything else is code and always
 * counts: an identifier, a literal's value, an operator, a keyword, a member, a type, a decorator
 * and its arguments, the order of statements and of list entries, `?.` against `.`.
 *
 * Comments are not code. Whole files compare them as well (an edit of an owned file's comment is
 * an edit), as a bag of their texts with white space folded: a formatter may move a comment
 * around a token, never change what it says. Fragments (a declaration, a member, a type) ignore
 * them: the user's doc comment on a DTO is theirs.
 */

let typescript: Ts | undefined;
const tsApi = (): Ts => (typescript ??= loadTsMorph().ts);

export interface CodeKeyOptions {
  /** Add the bag of comments to the key (whole files). */
  comments?: boolean;
  /** A node left out of the key, e.g. a member's name when only what follows it is compared. */
  skip?: TsNode;
}

/** Node flags that are code: `let`/`const`/`using`, `?.` chains, `namespace` against `module`. */
const meaningfulFlags = (ts: Ts): number =>
  ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using | ts.NodeFlags.OptionalChain | ts.NodeFlags.Namespace | ts.NodeFlags.GlobalAugmentation;

/** The canonical form of a node's subtree: equal keys mean the same code (see above). */
export function codeKey(node: TsNode, text: string, options: CodeKeyOptions = {}): string {
  const ts = tsApi();
  const out: string[] = [];
  const flags = meaningfulFlags(ts);
  const write = (current: TsNode, asKey = false): void => {
    if (current === options.skip) return;
    switch (current.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.ParenthesizedType:
        return write((current as TsMorph.ts.ParenthesizedExpression | TsMorph.ts.ParenthesizedTypeNode).kind === ts.SyntaxKind.ParenthesizedType
          ? (current as TsMorph.ts.ParenthesizedTypeNode).type
          : (current as TsMorph.ts.ParenthesizedExpression).expression);
      case ts.SyntaxKind.EmptyStatement:
      case ts.SyntaxKind.SemicolonClassElement:
        return;
    }
    const leaf = asKey ? propertyKey(ts, current) : leafValue(ts, current);
    if (leaf !== undefined) {
      out.push(asKey ? `key:${leaf}` : `${current.kind}:${leaf}`);
      return;
    }
    out.push(`(${current.kind}${details(ts, current, flags)}`);
    const names = nameSlots(ts, current);
    ts.forEachChild(
      current,
      (child) => void write(child, names.has(child)),
      (children) => {
        if (children.length === 0) return; // `new X` and `new X()`: no arguments either way
        out.push('[');
        for (const child of children) write(child, names.has(child));
        out.push(']');
      },
    );
    out.push(')');
  };
  write(node);
  if (options.comments) out.push('comments', ...commentsOf(ts, node, text).sort());
  return out.join('\u0001');
}

/** The value of a token that is its own node, or undefined for nodes with children. */
function leafValue(ts: Ts, node: TsNode): string | undefined {
  switch (node.kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.PrivateIdentifier:
      return (node as TsMorph.ts.Identifier).text;
    case ts.SyntaxKind.StringLiteral:
      return JSON.stringify((node as TsMorph.ts.StringLiteral).text);
    case ts.SyntaxKind.NumericLiteral:
      return String(Number((node as TsMorph.ts.NumericLiteral).text.replace(/_/g, '')));
    case ts.SyntaxKind.BigIntLiteral:
      return `${BigInt((node as TsMorph.ts.BigIntLiteral).text.replace(/_/g, '').slice(0, -1))}n`;
    case ts.SyntaxKind.RegularExpressionLiteral:
      return (node as TsMorph.ts.RegularExpressionLiteral).text;
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateHead:
    case ts.SyntaxKind.TemplateMiddle:
    case ts.SyntaxKind.TemplateTail: {
      // A tag sees the raw text (String.raw`\n` is two characters); anything else the value.
      const literal = node as TsMorph.ts.TemplateLiteralLikeNode;
      return JSON.stringify(insideTaggedTemplate(ts, node) ? literal.rawText ?? literal.text : literal.text);
    }
    default:
      return undefined;
  }
}

function insideTaggedTemplate(ts: Ts, node: TsNode): boolean {
  let current: TsNode | undefined = node.parent;
  while (current && (current.kind === ts.SyntaxKind.TemplateSpan || current.kind === ts.SyntaxKind.TemplateExpression)) current = current.parent;
  return current?.kind === ts.SyntaxKind.TaggedTemplateExpression;
}

/** A property name as the key it makes: `'a'`, `"a"` and `a` are one key; `1`, `'1'` and `1.0` too. */
function propertyKey(ts: Ts, node: TsNode): string | undefined {
  switch (node.kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return (node as TsMorph.ts.Identifier).text;
    case ts.SyntaxKind.NumericLiteral:
      return String(Number((node as TsMorph.ts.NumericLiteral).text.replace(/_/g, '')));
    default:
      return undefined; // computed and private names keep their own form
  }
}

/** The children of a node that name a property (compared as keys). */
function nameSlots(ts: Ts, node: TsNode): Set<TsNode> {
  const named = node as { name?: TsNode; propertyName?: TsNode };
  const slots = new Set<TsNode>();
  switch (node.kind) {
    case ts.SyntaxKind.PropertyAssignment:
    case ts.SyntaxKind.PropertySignature:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.MethodSignature:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.EnumMember:
      if (named.name) slots.add(named.name);
      break;
    case ts.SyntaxKind.BindingElement:
      if (named.propertyName) slots.add(named.propertyName);
      break;
  }
  return slots;
}

/** What a node holds besides its children: operators, `type` modifiers on imports, meaningful flags. */
function details(ts: Ts, node: TsNode, flags: number): string {
  const parts: (string | number | boolean)[] = [];
  const holder = node as unknown as Record<string, unknown>;
  for (const field of ['operator', 'token', 'keywordToken', 'isTypeOnly', 'isExportEquals', 'isTypeOf', 'phaseModifier']) {
    if (holder[field] !== undefined && typeof holder[field] !== 'object') parts.push(`${field}=${String(holder[field])}`);
  }
  const meaningful = node.flags & flags;
  if (meaningful) parts.push(`flags=${meaningful}`);
  if (node.kind === ts.SyntaxKind.TemplateExpression || node.kind === ts.SyntaxKind.TaggedTemplateExpression) parts.push('template');
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/**
 * Every comment under `root`, its white space folded. The text between a node's children holds
 * only punctuation, keywords and trivia (literals, regular expressions and templates are nodes of
 * their own), so scanning those gaps finds every comment once, and only comments.
 */
function commentsOf(ts: Ts, root: TsNode, text: string): string[] {
  const found: string[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ false, ts.LanguageVariant.Standard);
  const scanGap = (start: number, end: number) => {
    if (end <= start) return;
    scanner.setText(text, start, end - start);
    for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
      if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
        found.push(scanner.getTokenText().replace(/\s+/g, ' ').trim());
      }
    }
  };
  const leadingComments = (position: number) => {
    const ranges = [...(ts.getLeadingCommentRanges(text, position) ?? []), ...(ts.getTrailingCommentRanges(text, position) ?? [])];
    for (const start of new Set(ranges.map((r) => r.pos))) {
      const range = ranges.find((r) => r.pos === start)!;
      found.push(text.slice(range.pos, range.end).replace(/\s+/g, ' ').trim());
    }
  };
  const visit = (node: TsNode) => {
    const children: TsNode[] = [];
    ts.forEachChild(node, (child) => void children.push(child), (list) => void children.push(...list));
    if (children.length === 0) {
      leadingComments(node.pos); // a token: only its leading trivia can hold comments
      return;
    }
    children.sort((a, b) => a.pos - b.pos);
    let position = node.pos;
    for (const child of children) {
      scanGap(position, child.pos);
      visit(child);
      position = Math.max(position, child.end);
    }
    scanGap(position, node.end);
  };
  visit(root);
  return found;
}

const parsedFiles = new Map<string, TsMorph.ts.SourceFile>();

/** `text` parsed as TypeScript (no type checker), kept for the texts compared again and again in one run. */
function parse(text: string): TsMorph.ts.SourceFile {
  let source = parsedFiles.get(text);
  if (!source) {
    const ts = tsApi();
    source = ts.createSourceFile('compared.ts', text, ts.ScriptTarget.Latest, /* setParentNodes */ true, ts.ScriptKind.TS);
    if (parsedFiles.size > 200) parsedFiles.clear();
    parsedFiles.set(text, source);
  }
  return source;
}

const hasSyntaxErrors = (source: TsMorph.ts.SourceFile): boolean =>
  ((source as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0) > 0;

/**
 * Whether two whole files are the same code, comments included (see above). A text that does not
 * parse is the same only as itself, line endings aside.
 */
export function sameCode(a: string, b: string): boolean {
  if (a === b) return true;
  const [left, right] = [parse(a), parse(b)];
  if (hasSyntaxErrors(left) || hasSyntaxErrors(right)) return a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
  return codeKey(left, a, { comments: true }) === codeKey(right, b, { comments: true });
}

/** Whether two nodes (of any files) are the same code, comments aside; `skip` leaves a child of each out. */
export function sameNode(a: Node, b: Node, skip?: { a?: Node; b?: Node }): boolean {
  const key = (node: Node, skipped?: Node) => codeKey(node.compilerNode, node.getSourceFile().getFullText(), { skip: skipped?.compilerNode });
  return key(a, skip?.a) === key(b, skip?.b);
}

/** A type written as text, parsed; undefined when the text is not one type. */
function typeNode(text: string): TsMorph.ts.TypeNode | undefined {
  const ts = tsApi();
  const source = parse(`type T = ${text};`);
  const statement = source.statements[0];
  return !hasSyntaxErrors(source) && source.statements.length === 1 && statement && ts.isTypeAliasDeclaration(statement) ? statement.type : undefined;
}

/** Whether two types written as text are the same type, as written (`A | B` and `| A | B`; not `B | A`). */
export function sameTypeText(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const [left, right] = [typeNode(a), typeNode(b)];
  if (!left || !right) return a.replace(/\s+/g, '') === b.replace(/\s+/g, '');
  return codeKey(left, `type T = ${a};`) === codeKey(right, `type T = ${b};`);
}

/**
 * What a declaration declares, for "same shape" checks: a class's or interface's properties (name,
 * optional or not, type: each compared by meaning, in any order; decorators, comments and methods
 * are the user's), anything else (a type alias, a function, a const) as its code.
 */
export function shapeOf(node: Node): string {
  if (Node.isClassDeclaration(node) || Node.isInterfaceDeclaration(node)) {
    const text = node.getSourceFile().getFullText();
    return node
      .getProperties()
      .map((p) => {
        const type = p.getTypeNode();
        const name = propertyKey(tsApi(), p.getNameNode().compilerNode) ?? p.getName();
        return `${name}${p.hasQuestionToken() ? '?' : ''}:${type ? codeKey(type.compilerNode, text) : 'any'}`;
      })
      .sort()
      .join('\u0002');
  }
  return codeKey(node.compilerNode, node.getSourceFile().getFullText());
}

/**
 * Whether `node` is the access path `names` (`NestFactory.create`, `app.useWebSocketAdapter`),
 * however it is written: line breaks, parentheses and comments aside.
 */
export function isAccessPath(node: Node | undefined, names: readonly string[]): boolean {
  let current = node && unwrapParentheses(node);
  for (let i = names.length - 1; i > 0; i--) {
    if (!current || !Node.isPropertyAccessExpression(current) || current.hasQuestionDotToken() || current.getName() !== names[i]) return false;
    current = unwrapParentheses(current.getExpression());
  }
  return !!current && Node.isIdentifier(current) && current.getText() === names[0];
}

/** `(x)`, however deep: the expression inside. */
export function unwrapParentheses(node: Node): Node {
  let current = node;
  while (Node.isParenthesizedExpression(current)) current = current.getExpression();
  return current;
}
