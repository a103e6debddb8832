import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * A `require` that resolves the way the project's own code would. `require.resolve(x, { paths })`
 * is not enough: from inside this package, a request for our own name resolves to ourselves.
 */
export const projectRequire = (root: string): NodeJS.Require => createRequire(join(root, 'package.json'));
