import { posix } from 'node:path';
import { UsageError } from '../errors';
import type { Tree } from '../tree/tree';

/**
 * The module a new provider belongs to: the nearest `*.module.ts` from `fromDir` up to the source
 * root. Two module files in one folder are only resolved when one is named after the folder;
 * otherwise the user chooses with --module rather than us guessing.
 */
export function findNearestModule(tree: Tree, fromDir: string, sourceRoot: string): string {
  let dir = fromDir;
  for (;;) {
    const modules = tree.listFiles(dir).filter((f) => /\.module\.ts$/.test(f));
    if (modules.length === 1) return posix.join(dir, modules[0]);
    if (modules.length > 1) {
      const named = modules.find((m) => m === `${posix.basename(dir)}.module.ts`) ?? modules.find((m) => m === 'app.module.ts');
      if (named) return posix.join(dir, named);
      throw new UsageError(`${dir} has several modules (${modules.join(', ')}); choose one with --module <file>.`);
    }
    if (dir === sourceRoot || dir === '.' || dir === '') break;
    dir = posix.dirname(dir);
  }
  throw new UsageError(`no *.module.ts found from ${fromDir} up to ${sourceRoot}; pass --module <file> or --skip-import.`);
}
