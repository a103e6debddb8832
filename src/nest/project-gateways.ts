import { posix } from 'node:path';
import { constantString, unwrap, type ReadFile } from '../ast/constant-strings';
import { Node } from '../ast/morph';
import { parseSource, syntaxError } from '../ast/source';
import type { Tree } from '../tree/tree';

/** A `@WebSocketGateway` class of the project, hand-written or not. */
export interface ProjectGateway {
  gateway: string;
  file: string;
  line: number;
  /**
   * The socket.io namespace it serves on the app's own server: `/chat`, `/` when none is given, or
   * a RegExp literal's text (`/^\/tenant-\w+$/`); undefined on a port of its own or when the
   * options cannot be read without running anything.
   */
  namespace: string | undefined;
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);
const SKIPPED_FILES = /(\.d|\.spec|\.test|\.e2e-spec)\.ts$/;

/** `.ts` files below `dir` through the tree: no specs, declarations, hidden or build folders, nor links. */
export function sourceFilesBelow(tree: Tree, dir: string): string[] {
  const join = (name: string) => (dir ? posix.join(dir, name) : name);
  return [
    ...tree.listFiles(dir).filter((name) => !name.startsWith('.') && name.endsWith('.ts') && !SKIPPED_FILES.test(name)).map(join),
    ...tree.listDirs(dir).filter((name) => !name.startsWith('.') && !SKIPPED_DIRS.has(name)).flatMap((name) => sourceFilesBelow(tree, join(name))),
  ];
}

/** A gateway's `namespace` option as socket.io names it: a leading `/`; a RegExp by its literal text; `/` when left out. */
export function namespaceOf(node: Node | undefined, readFile: ReadFile): string | undefined {
  if (node === undefined) return '/';
  const value = unwrap(node);
  const regex = Node.isIdentifier(value) ? unwrap(value.getSourceFile().getVariableDeclaration(value.getText())?.getInitializer()) : value;
  if (regex && Node.isRegularExpressionLiteral(regex)) return regex.getText();
  const text = constantString(node, readFile);
  return text === undefined ? undefined : text.startsWith('/') ? text : `/${text}`;
}

/**
 * The project's gateway classes below the source root, as far as they can be read without running
 * anything (a file with a syntax error is left out): only files that name WebSocketGateway are parsed.
 */
export function projectGateways(tree: Tree, sourceRoot: string, readFile: ReadFile): ProjectGateway[] {
  const found: ProjectGateway[] = [];
  for (const file of sourceFilesBelow(tree, sourceRoot)) {
    const text = tree.read(file);
    if (text === undefined || !text.includes('WebSocketGateway') || syntaxError(file, text)) continue;
    for (const cls of parseSource(file, text).getClasses()) {
      const decorator = cls.getDecorator('WebSocketGateway');
      if (decorator) found.push({ gateway: cls.getName() ?? 'the default export', file, line: decorator.getStartLineNumber(), namespace: servedNamespace(decorator.getArguments(), readFile) });
    }
  }
  return found;
}

/** `(options)`, `(port, options)`: the namespace on the app's server (port 0 or none). */
function servedNamespace(args: Node[], readFile: ReadFile): string | undefined {
  const [first, second] = args.map(unwrap);
  const port = second !== undefined || (first !== undefined && Node.isNumericLiteral(first)) ? first : undefined;
  if (port !== undefined && !(Node.isNumericLiteral(port) && port.getLiteralValue() === 0)) return undefined;
  const options = port === undefined ? first : second;
  if (options !== undefined && !Node.isObjectLiteralExpression(options)) return undefined;
  const property = options?.getProperty('namespace');
  if (property && !Node.isPropertyAssignment(property)) return undefined;
  return namespaceOf(property?.getInitializer(), readFile);
}
