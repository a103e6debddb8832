import type { Command } from 'commander';
import type { ClientOptions } from '../generators/client/client.generator';
import { runGeneratorCommand, withCommonOptions, type CommonOptions } from './run-command';

interface AddClientFlags extends CommonOptions {
  gateway?: string;
}

const EXAMPLES = `
Examples:
  $ ws-scaffold add-client --gateway chat
      src/chat/chat.client.ts: ChatSocket (a socket.io-client Socket typed with the event maps)
      and connectChat(io, baseUrl, token), importing types only`;

export function registerAddClient(program: Command, state: { exitCode: number }): void {
  withCommonOptions(program.command('add-client'))
    .description('Add a typed socket.io-client helper for a gateway, for front-end code.')
    .option('--gateway <name|file>', 'the gateway: its add-gateway name (chat) or its file (default: the only socket.io gateway in ws-scaffold.json)')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: AddClientFlags) => {
      state.exitCode = await runGeneratorCommand<ClientOptions>({
        name: 'add-client',
        common: flags,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loadGenerator: () => (require('../generators/client/client.generator') as typeof import('../generators/client/client.generator')).clientGenerator,
        missing: [],
        options: () => ({ gateway: flags.gateway }),
        commandLine: (o) => ['add-client', ...(o.gateway ? ['--gateway', o.gateway] : []), '--yes'],
      });
    });
}
