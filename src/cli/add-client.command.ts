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
    .option('--gateway <name|file>', 'the gateway: its add-gateway name (chat) or its file (src/chat/chat.gateway.ts)')
    .addHelpText('after', EXAMPLES)
    .action(async (flags: AddClientFlags) => {
      state.exitCode = await runGeneratorCommand<ClientOptions>({
        name: 'add-client',
        common: flags,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loadGenerator: () => (require('../generators/client/client.generator') as typeof import('../generators/client/client.generator')).clientGenerator,
        missing: flags.gateway ? [] : [{ flag: '--gateway', message: 'Gateway (name or file)', validate: (v) => (v.trim() ? true : 'a gateway is required') }],
        options: ([asked]) => ({ gateway: flags.gateway ?? asked }),
        commandLine: (o) => ['add-client', '--gateway', o.gateway, '--yes'],
      });
    });
}
