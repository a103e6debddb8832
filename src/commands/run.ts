import { detectProject, type ProjectInfo } from '../project/detect';
import { commitChanges } from '../tree/commit';
import { withProject } from '../tree/project-lock';
import { warmFormatter } from '../engine/format';
import { planGenerator, type Generator, type Plan } from '../engine/generator';
import { installCommand, installDependencies, resolveInstaller, type InstallResult } from '../engine/install';
import { diskTree } from '../tree/tree';
import { loadTsMorph } from '../ast/morph';

export interface RunSettings {
  cwd: string;
  project?: string;
  dryRun?: boolean;
  skipInstall?: boolean;
  /** Called with the plan before anything is written; returning false writes nothing. */
  confirm?: (plan: Plan) => Promise<boolean>;
  /** Where the line about a recovered, interrupted commit goes (default: stderr). */
  notify?: (line: string) => void;
}

export interface RunResult {
  project: ProjectInfo;
  plan: Plan;
  applied: boolean;
  /** Set when dependencies were added: the install that ran, or the one the user still has to run. */
  install?: InstallResult | { command: string; skipped: true };
}

/**
 * Plan on an in-memory tree, then write everything at once, then install: the CLI's whole flow,
 * under the project lock from the first read to the end of the install.
 */
export async function runGenerator<O>(generator: Generator<O> | (() => Generator<O>), options: O, settings: RunSettings): Promise<RunResult> {
  const load = typeof generator === 'function' ? generator : () => generator;
  // While another run holds the project, this one loads the code it will plan with (ts-morph above all).
  const access = { writes: !settings.dryRun, notify: settings.notify, whileWaiting: () => void (load(), loadTsMorph()) };
  return withProject(settings.cwd, access, async () => {
    const tree = diskTree(settings.cwd);
    const project = detectProject(tree, { project: settings.project });
    // The project's prettier loads in a worker while the generator (and with it ts-morph) loads here.
    warmFormatter(tree.root, project);
    const plan = await planGenerator(load(), tree, project, options);
    const result: RunResult = { project, plan, applied: false };
    // The tool that will install must be there before anything is written (a dry run says so too).
    const installer = plan.dependenciesAdded.length > 0 && !settings.skipInstall ? resolveInstaller(project) : undefined;
    if (settings.dryRun || plan.changes.length === 0) return result;
    if (settings.confirm && !(await settings.confirm(plan))) return result;

    await commitChanges(settings.cwd, plan.changes, { read: tree.filesRead });
    result.applied = true;
    if (plan.dependenciesAdded.length > 0) {
      result.install = installer ? await installDependencies(settings.cwd, installer) : { command: installCommand(project), skipped: true };
    }
    return result;
  });
}
