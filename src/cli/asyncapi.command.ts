import { Option, type Command } from 'commander';

interface AsyncApiFlags {
  out?: string;
  format?: 'json' | 'yaml';
  record?: boolean;
  failOn?: 'any' | 'breaking';
  project?: string;
  cwd: string;
}

const EXAMPLES = `
Examples:
  $ ws-scaffold asyncapi                                  the AsyncAPI 3.0 document on stdout (JSON)
  $ ws-scaffold asyncapi --format yaml                    the same as YAML
  $ ws-scaffold asyncapi --out asyncapi.json              write it (atomically); .yaml / .yml for YAML
  $ ws-scaffold asyncapi --out asyncapi.json --record     and record it in ws-scaffold.json: check compares it, sync rewrites it
  $ ws-scaffold check --contract asyncapi.json            exit 2 when the code differs from the contract (--fail-on breaking: only breaking changes)
  Types it cannot read are written as {} and named on stderr (file:line); the command still succeeds.`;

/** `asyncapi`: the AsyncAPI 3.0 contract of the project's gateways, read statically. */
export function registerAsyncApi(program: Command, state: { exitCode: number }): void {
  program
    .command('asyncapi')
    .description("Write the AsyncAPI 3.0 document of the project's gateways, read from the code without building or booting it.")
    .option('--out <file>', 'write it to this file (.json, .yaml or .yml) instead of stdout')
    .addOption(new Option('--format <format>', 'stdout format').choices(['json', 'yaml']))
    .option('--record', 'record --out in ws-scaffold.json as the contract check compares and sync rewrites')
    .addOption(new Option('--fail-on <change>', 'with --record: which contract changes make check fail').choices(['any', 'breaking']))
    .option('--project <name>', 'nest-cli.json project to read (monorepos)')
    .addOption(new Option('--cwd <dir>', 'the project folder').default('.', 'current folder'))
    .addHelpText('after', EXAMPLES)
    .action(async (flags: AsyncApiFlags) => {
      state.exitCode = await runAsyncApi(flags);
    });
}

async function runAsyncApi(flags: AsyncApiFlags): Promise<number> {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded when the command runs: --help needs none of it */
  try {
    const { checkCommonOptions } = require('./common-options') as typeof import('./common-options');
    const { asyncapiCommand } = require('../commands/asyncapi') as typeof import('../commands/asyncapi');
    /* eslint-enable @typescript-eslint/no-require-imports */
    checkCommonOptions(flags);
    if (flags.out !== undefined && flags.format !== undefined) throw new (require('../errors') as typeof import('../errors')).UsageError('--format is for stdout; with --out the file name says it (.json, .yaml, .yml).');
    const result = await asyncapiCommand(flags.cwd, { project: flags.project, out: flags.out, format: flags.format, record: flags.record, failOn: flags.failOn });
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning.file}:${warning.line}: ${warning.message}\n`);
    if (!result.written) {
      process.stdout.write(result.text);
      return 0;
    }
    const counts = summary(result.document);
    const what = result.written.changed ? `Wrote ${result.written.path}` : `${result.written.path} is up to date`;
    console.log(`${what}: ${counts} from ${result.gateways} gateway(s).${result.written.recorded ? ' Recorded in ws-scaffold.json: `ws-scaffold check` compares it, `ws-scaffold sync` rewrites it.' : ''}`);
    return 0;
  } catch (error) {
    // Only a failure needs the report (and the diff and colour packages it loads).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { errorReport } = require('./report') as typeof import('./report');
    const report = errorReport(error, false);
    console.error(report.text);
    return report.exitCode;
  }
}

function summary(document: Record<string, unknown>): string {
  const count = (key: string) => Object.keys((document[key] as object | undefined) ?? {}).length;
  return `${count('channels')} channel(s), ${count('operations')} operation(s)`;
}
