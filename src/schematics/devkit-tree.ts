import type { Tree as DevkitTree } from '@angular-devkit/schematics';
import { OverlayTree } from '../tree/tree';
import type { FileChange } from '../tree/tree';

/** The engine's tree over an angular-devkit Tree: what `nest g` hands a schematic. */
export function overlayOnDevkitTree(tree: DevkitTree, root: string): OverlayTree {
  return new OverlayTree(root, {
    read: (path) => tree.read(path)?.toString('utf8') ?? undefined,
    listFiles: (dir) => tree.getDir(dir || '/').subfiles.map(String),
    listDirs: (dir) => tree.getDir(dir || '/').subdirs.map(String),
  });
}

/** Records the engine's plan in the devkit Tree, which the schematics CLI then writes (or not, in a dry run). */
export function applyToDevkitTree(tree: DevkitTree, changes: readonly FileChange[]): void {
  for (const change of changes) {
    if (change.action === 'create') tree.create(change.path, change.after);
    else tree.overwrite(change.path, change.after);
  }
}
