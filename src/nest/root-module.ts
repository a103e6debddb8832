import { posix } from 'node:path';
import { projectPathOf, type ReadFile } from '../ast/constant-strings';
import { Node, SyntaxKind } from '../ast/morph';
import { parseSource } from '../ast/source';
import { isAccessPath, unwrapParentheses } from '../ast/same-code';

export interface RootModule {
  file: string;
  /** The class as its file exports it. */
  className: string;
}

/**
 * The app's root module: the class main.ts passes to NestFactory.create(...), followed to the
 * project file that declares it (a relative import or a tsconfig alias); else the `@Module` class
 * of `app.module.ts` in the source root, where `nest new` puts it. Undefined when neither is there.
 */
export function rootModuleOf(mainFile: string, sourceRoot: string, readFile: ReadFile): RootModule | undefined {
  const main = readFile(mainFile);
  const created = main === undefined ? undefined : createdModule(mainFile, main, readFile);
  // A module main.ts names but ws-scaffold cannot follow (a package's) is no reason to guess another.
  if (created !== undefined) return created ?? undefined;
  const conventional = posix.join(sourceRoot, 'app.module.ts');
  const text = readFile(conventional);
  const className = text === undefined ? undefined : moduleClassOf(conventional, text);
  return className ? { file: conventional, className } : undefined;
}

function moduleClassOf(file: string, text: string): string | undefined {
  return parseSource(file, text)
    .getClasses()
    .find((c) => c.getDecorator('Module'))
    ?.getName();
}

/** The module NestFactory.create(...) names: undefined when it names none, null when it is not a project file. */
function createdModule(mainFile: string, text: string, readFile: ReadFile): RootModule | null | undefined {
  const source = parseSource(mainFile, text);
  const create = source
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((call) => isAccessPath(call.getExpression(), ['NestFactory', 'create']));
  const argument = create?.getArguments()[0];
  const name = argument && unwrapParentheses(argument);
  if (!create) return undefined;
  if (!name || !Node.isIdentifier(name)) return null;
  if (source.getClass(name.getText())) return { file: mainFile, className: name.getText() };
  const imported = source
    .getImportDeclarations()
    .flatMap((d) => d.getNamedImports().map((n) => ({ declaration: d, named: n })))
    .find(({ named }) => (named.getAliasNode() ?? named.getNameNode()).getText() === name.getText());
  const file = imported && projectPathOf(mainFile, imported.declaration.getModuleSpecifierValue(), readFile);
  return file && imported ? { file, className: imported.named.getName() } : null;
}
