import { join } from 'node:path';
import type { ProjectInfo } from '../project/detect';
import { projectRequire } from '../project/resolve';
import type { FileChange } from './tree';

interface Prettier {
  format(source: string, options: Record<string, unknown>): Promise<string> | string;
  resolveConfig(filePath: string): Promise<Record<string, unknown> | null>;
}

const FORMATTED = /\.(?:[cm]?[jt]sx?)$/;

/**
 * Formats touched files with the project's own prettier and its config, resolved from each file's
 * real path. A created file is always formatted; an updated file only when it was already
 * prettier-clean before our edit, so that lines we did not touch stay byte-identical.
 */
export async function formatChanges(root: string, project: ProjectInfo, changes: FileChange[]): Promise<FileChange[]> {
  if (!project.prettierConfig || !changes.some((c) => FORMATTED.test(c.path))) return changes;
  const prettier = loadProjectPrettier(root);
  if (!prettier) return changes;
  const result: FileChange[] = [];
  for (const change of changes) {
    if (!FORMATTED.test(change.path)) {
      result.push(change);
      continue;
    }
    const filepath = join(root, change.path);
    const options = { ...(await prettier.resolveConfig(filepath)), filepath };
    const wasClean = change.before === undefined || (await prettier.format(change.before, options)) === change.before;
    result.push(wasClean ? { ...change, after: await prettier.format(change.after, options) } : change);
  }
  return result.filter((c) => c.after !== c.before);
}

function loadProjectPrettier(root: string): Prettier | undefined {
  try {
    return projectRequire(root)('prettier') as Prettier;
  } catch {
    return undefined;
  }
}
