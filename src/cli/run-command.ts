import { Option, type Command } from 'commander';
import type { RequiredValue } from './interaction';

import type { CommonOptions } from './common-options';

export type { CommonOptions } from './common-options';

/** Options every generator command shares: the run's settings, not the generator's. */
export const COMMON_OPTIONS: readonly { flags: string; description: string }[] = [
  { flags: '--project <name>', description: 'a `nest-cli.json` project (monorepos); without it, the default project, as `nest g` picks it' },
  { flags: '--skip-install', description: 'add dependencies to package.json, do not install' },
  { flags: '--dry-run', description: 'print the plan (`CREATE` / `UPDATE` / `SKIP`), write nothing' },
  { flags: '--diff', description: 'print a unified diff of each change' },
  { flags: '--json', description: 'machine-readable result ([below](#--json))' },
  { flags: '-y, --yes', description: 'do not ask before writing' },
  { flags: '--cwd <dir>', description: 'the project folder, default the current one' },
];

const plain = (text: string): string => text.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/`/g, '');

export function withCommonOptions(command: Command): Command {
  for (const { flags, description } of COMMON_OPTIONS) {
    const option = new Option(flags, plain(description));
    // '.', not process.cwd(): that throws where the current folder was deleted (checkCommonOptions says so).
    command.addOption(flags.startsWith('--cwd') ? option.default('.', 'current folder') : option);
  }
  return command;
}

export interface GeneratorCommand {
  /** e.g. `add-gateway` */
  name: string;
  /** The generator (a key of generators/registry.ts), loaded only when the command runs: help and version never load ts-morph. */
  generator: string;
  common: CommonOptions;
  /** Required values still missing, asked at a terminal, listed as an error elsewhere. */
  missing: RequiredValue[];
  /** Builds the generator's options once the missing values are known. */
  options: (answers: string[]) => Record<string, unknown>;
  /** The one-line command equivalent to an interactive run. */
  commandLine: (options: Record<string, unknown>) => string[];
}

/** The shared life of every generator command: ask, plan, confirm, write, install, report. */
export async function runGeneratorCommand(command: GeneratorCommand): Promise<number> {
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
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { runGenerator } = require('../commands/run') as typeof import('../commands/run');
    const { GENERATORS } = require('../generators/registry') as typeof import('../generators/registry');
    const { checkCommonOptions } = require('./common-options') as typeof import('./common-options');
    /* eslint-enable @typescript-eslint/no-require-imports */
    checkCommonOptions(common);
    const settings = { command: command.name, dryRun: common.dryRun, diff: common.diff };
    const result = await runGenerator(await GENERATORS[command.generator](), options as never, {
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
