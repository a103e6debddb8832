import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../generators/commands';
import { registerAsyncApi } from './asyncapi.command';
import { registerDoctor } from './doctor.command';
import { registerDriftCommands } from './drift.command';
import { registerGeneratorCommand } from './generator-command';

/**
 * The command line. Only commander, chalk and our own small modules load here: ts-morph and the
 * engine are required inside each action, so `--help` and `--version` stay fast.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('ws-scaffold')
    .description('Add production-grade WebSocket gateways to an existing NestJS project.')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage and examples)')
    // Settings above are copied into each command as it is created, so they come first.
    .exitOverride();
  const state = { exitCode: 0 };
  for (const command of COMMANDS) registerGeneratorCommand(program, state, command);
  registerDriftCommands(program, state);
  registerDoctor(program, state);
  registerAsyncApi(program, state);
  program.addHelpText('after', `
Exit codes: 0 done or nothing to do, 1 error, 2 drift or doctor findings, 3 refused (code shape not recognised; snippet printed).`);

  try {
    await program.parseAsync(argv);
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? code : 1;
  }
  return state.exitCode;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}
