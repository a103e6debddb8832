import type { SchematicContext, Tree } from '@angular-devkit/schematics';
import { enableCompileCache } from '../startup/compile-cache';
import { WsScaffoldError, RefusalError } from '../errors';
import { applyToDevkitTree, overlayOnDevkitTree } from './devkit-tree';

/** Keys the Nest CLI sends to every schematic, whether or not it declares them. */
export interface NestCliOptions {
  sourceRoot?: string;
  language?: string;
  format?: boolean;
  collection?: string;
  project?: string;
  type?: string;
  crud?: boolean;
  skipInstall?: boolean;
}

/**
 * The schematics front end: the same engine as the CLI, planned on the devkit Tree. Because
 * `nest g` exits 0 even when a schematic fails, a failure prints one clear line (and the snippet
 * for a refusal) and leaves the tree unchanged rather than throwing a stack at the user.
 */
export async function runSchematic(
  tree: Tree,
  context: SchematicContext,
  cliOptions: NestCliOptions,
  spec: { generator: string; options: Record<string, unknown> },
): Promise<Tree> {
  // `nest g` runs schematics in a process of its own, which loads ts-morph on every run.
  enableCompileCache();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { planGenerator } = require('../engine/generator') as typeof import('../engine/generator');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { detectProject } = require('../project/detect') as typeof import('../project/detect');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { warmFormatter } = require('../engine/format') as typeof import('../engine/format');
  try {
    const overlay = overlayOnDevkitTree(tree, process.cwd());
    const detected = detectProject(overlay, { project: cliOptions.project });
    const project = cliOptions.sourceRoot ? { ...detected, sourceRoot: cliOptions.sourceRoot.replace(/^\.?\/+|\/+$/g, '') } : detected;
    // The project's prettier loads in a worker while the generator (and with it ts-morph) loads here.
    warmFormatter(overlay.root, project);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { GENERATORS } = require('../generators/registry') as typeof import('../generators/registry');
    const plan = await planGenerator(await GENERATORS[spec.generator](), overlay, project, spec.options as never);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { resolveInstaller } = require('../engine/install') as typeof import('../engine/install');
    // Checked before the tree changes: a missing tool leaves every file as it was.
    const installer = plan.dependenciesAdded.length > 0 && !cliOptions.skipInstall ? resolveInstaller(project) : undefined;
    applyToDevkitTree(tree, plan.changes);
    if (installer) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { NodePackageInstallTask } = require('@angular-devkit/schematics/tasks') as typeof import('@angular-devkit/schematics/tasks');
      context.addTask(new NodePackageInstallTask({ packageManager: installer.name }));
    }
    for (const skip of plan.skipped) context.logger.info(`SKIP ${skip.path ? `${skip.path}: ` : ''}${skip.what}: ${skip.reason}`);
    if (plan.nextSteps.length > 0) context.logger.info(['Next:', ...plan.nextSteps.map((step) => `  ${step}`)].join('\n'));
    return tree;
  } catch (error) {
    if (error instanceof RefusalError) {
      context.logger.error(`ws-scaffold refused: ${error.message}\nNothing was written. Add this by hand:\n\n${error.snippet}`);
    } else if (error instanceof WsScaffoldError) {
      context.logger.error(`ws-scaffold: ${error.message}`);
    } else {
      throw error;
    }
    return tree;
  }
}
