import type { ImportRequest } from './ensure-import';
import { Node } from './morph';
import { parseSource } from './source';

/** Code to insert, with the imports it needs wherever it lands. */
export interface Snippet {
  /** The code after its imports, as written with '\n' and two-space indentation. */
  code: string;
  imports: ImportRequest[];
}

/**
 * Splits a rendered template into its leading `import { … } from '…'` lines and the code after
 * them, so that a template reads as the TypeScript it becomes and the helper that inserts the code
 * brings what it uses (`import type { X }` and `import { type X }` are type-only requests).
 */
export function parseSnippet(text: string): Snippet {
  const source = parseSource('snippet.ts', text);
  const imports: ImportRequest[] = [];
  let end = 0;
  for (const statement of source.getStatements()) {
    if (!Node.isImportDeclaration(statement)) break;
    const moduleSpecifier = statement.getModuleSpecifierValue();
    for (const named of statement.getNamedImports()) {
      imports.push({ symbol: named.getName(), moduleSpecifier, ...(statement.isTypeOnly() || named.isTypeOnly() ? { typeOnly: true } : {}) });
    }
    end = statement.getEnd();
  }
  return { code: text.slice(end).replace(/^\s*\n/, '').replace(/\n$/, ''), imports };
}
