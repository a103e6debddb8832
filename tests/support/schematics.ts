import { HostTree } from '@angular-devkit/schematics';
import { SchematicTestRunner, UnitTestTree } from '@angular-devkit/schematics/testing';
import { join } from 'node:path';
import { FIXTURES } from './projects';

export const collectionPath = join(__dirname, '..', '..', 'collection.json');

/** Runs this package's collection.json (its factories come from dist/: `npm test` builds first). */
export const schematicRunner = (): SchematicTestRunner => new SchematicTestRunner('ws-scaffold', collectionPath);

/** An in-memory devkit tree holding the given files, as `nest g` would hand it over. */
export function treeOf(files: Record<string, string>): UnitTestTree {
  const tree = new UnitTestTree(new HostTree());
  for (const [path, text] of Object.entries(files)) tree.create(path, text);
  return tree;
}

/**
 * The ESM fixture without its prettier config: prettier resolves configs from real paths under the
 * working folder (the project, under `nest g`); this repository is not that project.
 */
export const { '.prettierrc': _prettierrc, ...esmProjectWithoutPrettier } = FIXTURES['esm-vitest'];
