import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectName } from '../generators/shared/rules';
import { UsageError } from '../errors';

/** The run's settings every generator command takes (see COMMON_OPTIONS in run-command.ts). */
export interface CommonOptions {
  project?: string;
  dryRun?: boolean;
  diff?: boolean;
  json?: boolean;
  skipInstall?: boolean;
  yes?: boolean;
  cwd: string;
}

/** `--cwd` (default `.`) is a folder that exists; `--project` is a project name. Checked before anything is read. */
export function checkCommonOptions(common: Pick<CommonOptions, 'cwd' | 'project'>): void {
  let absolute: string;
  try {
    // An absolute path: the project's own prettier and packages are resolved from it.
    absolute = resolve(common.cwd);
  } catch {
    // process.cwd() fails when the folder the shell is in was deleted (or moved away).
    throw new UsageError('the current folder no longer exists; cd into the project, or pass --cwd <dir> (an absolute path).');
  }
  let folder = false;
  try {
    folder = statSync(absolute).isDirectory();
  } catch {
    folder = false;
  }
  if (!folder) throw new UsageError(`--cwd ${JSON.stringify(common.cwd)}: no such folder.`);
  common.cwd = absolute;
  // Path helpers resolve relative paths against the current folder: where it was deleted, they
  // would fail mid-plan, so the run goes on from the project's own.
  if (!currentFolderExists()) process.chdir(absolute);
  if (common.project !== undefined) common.project = projectName(common.project, { label: '--project', options: {} });
}

function currentFolderExists(): boolean {
  try {
    process.cwd();
    return true;
  } catch {
    return false;
  }
}
