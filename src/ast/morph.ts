import type * as TsMorph from 'ts-morph';

/*
 * ts-morph's runtime values, bound when the first file is parsed instead of at import. ts-morph and
 * the TypeScript it bundles take ~0.7 s to load; loaded late, a run has rendered its templates by
 * then and the prettier worker formats them meanwhile. Every helper parses (parseSource) before it
 * touches a node, so these are bound whenever they are read. Imports of them are live bindings.
 */
export let Node: typeof TsMorph.Node;
export type Node<T extends TsMorph.ts.Node = TsMorph.ts.Node> = TsMorph.Node<T>;
export let SyntaxKind: typeof TsMorph.SyntaxKind;
export type SyntaxKind = TsMorph.SyntaxKind;
export let VariableDeclarationKind: typeof TsMorph.VariableDeclarationKind;
export let ts: typeof TsMorph.ts;

let loaded: typeof TsMorph | undefined;

export function loadTsMorph(): typeof TsMorph {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('ts-morph') as typeof TsMorph;
    Node = loaded.Node;
    SyntaxKind = loaded.SyntaxKind;
    VariableDeclarationKind = loaded.VariableDeclarationKind;
    ts = loaded.ts;
  }
  return loaded;
}
