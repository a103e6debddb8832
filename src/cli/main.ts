import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors';
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
    // commander's own messages for a command line it cannot parse are reported below, as every
    // other error is (one escaped line, or JSON with --json). Settings here are copied into each
    // command as it is created, so they come first.
    .configureOutput({ outputError: () => undefined })
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
    if (error instanceof CommanderError && !COMMANDER_DONE.includes(error.code)) return reportUsage(error, argv);
    const code = (error as { exitCode?: number }).exitCode;
    return typeof code === 'number' ? code : 1;
  }
  return state.exitCode;
}

/** What commander ends with when it has done what was asked (help, the version): no error. */
const COMMANDER_DONE = ['commander.helpDisplayed', 'commander.help', 'commander.version'];

/** A command line commander could not parse (an unknown flag or command, a missing value): bad input, exit 1. */
function reportUsage(error: CommanderError, argv: string[]): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { errorReport } = require('./report') as typeof import('./report');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { configureColours } = require('./style') as typeof import('./style');
  const args = argv.slice(2);
  // check's and doctor's --format json is their result as JSON; asyncapi's is the document's format.
  const formatIsResult = ['check', 'doctor'].includes(args.find((arg) => !arg.startsWith('-')) ?? '');
  const json = args.includes('--json') || (formatIsResult && args.some((arg, i) => arg === '--format=json' || (arg === '--format' && args[i + 1] === 'json')));
  configureColours(json);
  const message = error.message.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)$/, '; did you mean $1?');
  const report = errorReport(new UsageError(/[.?!]$/.test(message) ? message : `${message}.`), json);
  if (json) console.log(report.text);
  else console.error(`${report.text}\n(run with --help for usage and examples)`);
  return report.exitCode;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}
