import { Node } from '../ast/morph';
import type { ArrayLiteralExpression, Node as MorphNode, ObjectLiteralExpression, PropertyAssignment } from 'ts-morph';
import { normaliseSpecifier, removeUnusedImport } from '../ast/ensure-import';
import { parseSource } from '../ast/source';
import { isAccessPath, sameCode, unwrapParentheses } from '../ast/same-code';
import { applySplices } from '../ast/splice';

export interface AbsentEntryRequest {
  /** The metadata array: `providers` or `imports`. */
  property: 'providers' | 'imports';
  /** The imported name the entry is written with. */
  symbol: string;
  /** Where that name must be imported from for the entry to be the one meant (the kit's file, a package). */
  moduleSpecifier: string;
  /** The entry as ws-scaffold wrote it when it is not the bare name (`ThrottlerModule.forRoot([...])`): only the same code goes. */
  entry?: string;
}

/**
 * Takes an entry ws-scaffold once wrote out of the file's `@Module({...})` metadata, with its
 * import when nothing else uses it: the registrations a later template moved elsewhere. Only the
 * entry meant goes (its name imported from `moduleSpecifier`, the same code as `entry`); anything
 * else, a metadata object it cannot read included, leaves the file as it is, since the entry
 * staying is never wrong, only redundant.
 */
export function ensureNotInModule(fileName: string, text: string, request: AbsentEntryRequest): string {
  const source = parseSource(fileName, text);
  const imported = source
    .getImportDeclarations()
    .filter((d) => normaliseSpecifier(d.getModuleSpecifierValue()) === normaliseSpecifier(request.moduleSpecifier))
    .flatMap((d) => d.getNamedImports())
    .some((n) => n.getName() === request.symbol && !n.getAliasNode() && !n.isTypeOnly());
  if (!imported) return text;
  const lists = source
    .getClasses()
    .flatMap((c) => c.getDecorators())
    .filter((d) => d.getName() === 'Module')
    .map((d) => d.getArguments()[0])
    .filter((metadata): metadata is ObjectLiteralExpression => !!metadata && Node.isObjectLiteralExpression(metadata))
    .map((metadata) => metadata.getProperty(request.property))
    .map((property) => (property && Node.isPropertyAssignment(property) ? property.getInitializer() : undefined))
    .filter((list): list is ArrayLiteralExpression => !!list && Node.isArrayLiteralExpression(list));
  const splices = lists.flatMap((list) => {
    const elements = list.getElements();
    const index = elements.findIndex((e) => isTheEntry(e, request));
    if (index === -1) return [];
    // A list left empty goes with its property, as if the entry had never been added.
    if (elements.length > 1) return [removal(elements, index)];
    const property = list.getParentOrThrow() as PropertyAssignment;
    const properties = property.getParentOrThrow() as ObjectLiteralExpression;
    return [removal(properties.getProperties(), properties.getProperties().indexOf(property))];
  });
  if (splices.length === 0) return text;
  return removeUnusedImport(fileName, applySplices(text, splices), request.symbol);
}

function isTheEntry(element: MorphNode, request: AbsentEntryRequest): boolean {
  if (request.entry === undefined) return isAccessPath(element, [request.symbol]);
  return sameCode(unwrapParentheses(element).getText(), request.entry);
}

/** The element with the separator after it (before it, for the last one), so the list keeps its layout. */
function removal(elements: MorphNode[], index: number): { start: number; end: number; text: string } {
  const element = elements[index];
  const next = elements[index + 1];
  if (next) return { start: element.getStart(), end: next.getStart(), text: '' };
  const previous = elements[index - 1];
  if (previous) return { start: previous.getEnd(), end: element.getEnd(), text: '' };
  // The only entry: its trailing comma goes with it.
  const comma = element.getNextSibling((n) => n.getText() === ',');
  return { start: element.getStart(), end: comma ? comma.getEnd() : element.getEnd(), text: '' };
}
