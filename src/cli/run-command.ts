import { Option, type Command } from 'commander';
import type { Generator } from '../engine/generator';
import type { RequiredValue } from './interaction';

export interface CommonOptions {
  project?: string;
  dryRun?: boolean;
  diff?: boolean;
  json?: boolean;
  skipInstall?: boolean;
  yes?: boolean;
  cwd: string;
}

/** Options every generator command shares. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--project <name>', 'nest-cli.json project to write into (monorepos)')
    .option('--dry-run', 'print the plan (CREATE / UPDATE) and write nothing')
    .option('--diff', 'print a unified diff of every change')
    .option('--json', 'print a machine-readable result instead of text')
    .option('--skip-install', 'add dependencies to package.json without installing them')
    .option('-y, --yes', 'do not ask for confirmation before writing')
    .addOption(new Option('--cwd <dir>', 'the project folder').default(process.cwd(), 'current folder'));
}

export interface GeneratorCommand<O> {
  /** e.g. `add-gateway` */
  name: string;
  common: CommonOptions;
  /** Loaded only when the command runs, so that help and version never load ts-morph. */
  loadGenerator: () => Generator<O>;
  /** Required values still missing, asked at a terminal, listed as an error elsewhere. */
  missing: RequiredValue[];
  /** Builds the generator's options once the missing values are known. */
  options: (answers: string[]) => O;
  /** The one-line command equivalent to an interactive run. */
  commandLine: (options: O) => string[];
}

/** The shared life of every generator command: ask, plan, confirm, write, install, report. */
export async function runGeneratorCommand<O>(command: GeneratorCommand<O>): Promise<number> {
  // Loaded here, not at start-up: `--help` and `--version` need none of it.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { askForMissing, confirmApply, equivalentCommand, isInteractive } = require('./interaction') as typeof import('./interaction');
  const { errorReport, exitCodeOf, humanReport, jsonResult, planLines } = require('./report') as typeof import('./report');
  const { chalk, configureColours } = require('./style') as typeof import('./style');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const common = { ...command.common, dryRun: !!command.common.dryRun, diff: !!command.common.diff, json: !!command.common.json };
  configureColours(common.json);
  const interactive = isInteractive(common.json);
  try {
    const answers = await askForMissing(command.missing, interactive);
    const options = command.options(answers);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runGenerator } = require('../commands/run') as typeof import('../commands/run');
    const settings = { command: command.name, dryRun: common.dryRun, diff: common.diff };
    const result = await runGenerator(command.loadGenerator, options, {
      cwd: common.cwd,
      project: common.project,
      dryRun: common.dryRun,
      skipInstall: common.skipInstall,
      confirm:
        interactive && !common.yes
          ? async (plan) => {
              console.log(planLines(plan, common.diff).join('\n'));
              return confirmApply(plan.changes.length);
            }
          : undefined,
    });
    console.log(common.json ? JSON.stringify(jsonResult(result, settings), null, 2) : humanReport(result, settings));
    if (interactive && command.missing.length > 0) {
      const shared = [...(common.project ? ['--project', common.project] : []), ...(common.skipInstall ? ['--skip-install'] : [])];
      console.log(chalk.dim(`\nNext time, without prompts: ${equivalentCommand(['ws-scaffold', ...command.commandLine(options), ...shared])}`));
    }
    return exitCodeOf(result);
  } catch (error) {
    const report = errorReport(error, common.json);
    (common.json ? console.log : console.error)(report.text);
    return report.exitCode;
  }
}
