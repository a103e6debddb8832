import { posix } from 'node:path';
import { projectPathOf, type ReadFile } from '../ast/constant-strings';
import { Node, SyntaxKind } from '../ast/morph';
import { parseSource } from '../ast/source';
import { isAccessPath, unwrapParentheses } from '../ast/same-code';

/**
 * The app's root module: the class main.ts passes to NestFactory.create(...), followed to the
 * project file that declares it (a relative import or a tsconfig alias); else `app.module.ts` in
 * the source root, where `nest new` puts it. Undefined when neither is there.
 */
export function rootModuleOf(mainFile: string, sourceRoot: string, readFile: ReadFile): string | undefined {
  const main = readFile(mainFile);
  const created = main === undefined ? undefined : createdModule(mainFile, main, readFile);
  if (created) return created;
  const conventional = posix.join(sourceRoot, 'app.module.ts');
  return readFile(conventional) === undefined ? undefined : conventional;
}

function createdModule(mainFile: string, text: string, readFile: ReadFile): string | undefined {
  const source = parseSource(mainFile, text);
  const create = source
    .getDescendantsOfKind(SyntaxKind.CallExpression)
    .find((call) => isAccessPath(call.getExpression(), ['NestFactory', 'create']));
  const argument = create?.getArguments()[0];
  const name = argument && unwrapParentheses(argument);
  if (!name || !Node.isIdentifier(name)) return undefined;
  if (source.getClass(name.getText())) return mainFile;
  const declaration = source
    .getImportDeclarations()
    .find((d) => d.getNamedImports().some((n) => (n.getAliasNode() ?? n.getNameNode()).getText() === name.getText()));
  return declaration && projectPathOf(mainFile, declaration.getModuleSpecifierValue(), readFile);
}
