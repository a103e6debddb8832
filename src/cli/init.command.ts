import type { Command } from 'commander';
import type { InitOptions } from '../generators/init/init.generator';
import { runGeneratorCommand, withCommonOptions, type CommonOptions } from './run-command';

const EXAMPLES = `
Examples:
  $ ws-scaffold init              nest g ws-gateway chat now works without -c
  $ ws-scaffold init --remove     back to @nestjs/schematics as the default collection`;

export function registerInit(program: Command, state: { exitCode: number }): void {
  withCommonOptions(program.command('init'))
    .description('Make ws-scaffold the default schematics collection of nest-cli.json (it extends @nestjs/schematics).')
    .option('--remove', 'take ws-scaffold out of nest-cli.json again')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: CommonOptions & { remove?: boolean }) => {
      state.exitCode = await runGeneratorCommand<InitOptions>({
        name: 'init',
        common: flags,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loadGenerator: () => (require('../generators/init/init.generator') as typeof import('../generators/init/init.generator')).initGenerator,
        missing: [],
        options: () => ({ remove: flags.remove }),
        commandLine: () => ['init', ...(flags.remove ? ['--remove'] : [])],
      });
    });
}
