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

/** `--cwd` is a folder that exists; `--project` is a project name. Checked before anything is read. */
export function checkCommonOptions(common: Pick<CommonOptions, 'cwd' | 'project'>): void {
  let folder = false;
  try {
    folder = statSync(common.cwd).isDirectory();
  } catch {
    folder = false;
  }
  if (!folder) throw new UsageError(`--cwd ${JSON.stringify(common.cwd)}: no such folder.`);
  // An absolute path: the project's own prettier and packages are resolved from it.
  common.cwd = resolve(common.cwd);
  if (common.project !== undefined) common.project = projectName(common.project, { label: '--project', options: {} });
}
