import type { Command } from 'commander';
import type { EventOptions } from '../generators/event/event.generator';
import { runGeneratorCommand, withCommonOptions, type CommonOptions } from './run-command';

interface AddEventFlags extends CommonOptions {
  gateway?: string;
  field: string[];
  broadcast?: boolean;
  ack?: boolean;
}

const EXAMPLES = `
Examples:
  $ ws-scaffold add-event chat:send --gateway chat --field text:string --field roomId:string?
      a validated ChatSendDto, its ack type and event-map entry in chat.events.ts, and
      @SubscribeMessage('chat:send') handleChatSend() in chat.gateway.ts
  $ ws-scaffold add-event typing --gateway src/chat/chat.gateway.ts --field draft:boolean --broadcast
      sent on to the namespace's other clients (typed in ChatServerToClientEvents)

Field types: string, number, boolean, string[]; a trailing ? makes the field optional.
Reserved names (connect, connect_error, disconnect, disconnecting, error, exception, newListener,
removeListener) are refused.`;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerAddEvent(program: Command, state: { exitCode: number }): void {
  withCommonOptions(program.command('add-event'))
    .description('Add a typed @SubscribeMessage handler, its validated payload DTO and its event-map entries to a gateway.')
    .argument('[event]', 'event name, e.g. typing or chat:send')
    .option('--gateway <name|file>', 'the gateway: its add-gateway name (chat) or its file (default: the only socket.io gateway in ws-scaffold.json)')
    .option('--field <name:type>', 'a payload field, repeatable: text:string, roomId:string?, count:number', collect, [])
    .option('--ack', 'answer through the socket.io acknowledgement (default)')
    .option('--broadcast', 'send the payload on to every other client of the namespace instead of answering')
    .addHelpText('after', EXAMPLES)
    .action(async (event: string | undefined, flags: AddEventFlags) => {
      state.exitCode = await runGeneratorCommand<EventOptions>({
        name: 'add-event',
        common: flags,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loadGenerator: () => (require('../generators/event/event.generator') as typeof import('../generators/event/event.generator')).eventGenerator,
        missing: [
          ...(event ? [] : [{ flag: '<event>', message: 'Event name (e.g. chat:send)', validate: (v: string) => (v.trim() ? true : 'an event name is required') }]),
        ],
        options: (answers) => {
          const asked = [...answers];
          if (flags.ack && flags.broadcast) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { UsageError } = require('../errors') as typeof import('../errors');
            throw new UsageError('--ack and --broadcast exclude each other.');
          }
          return {
            event: event ?? asked.shift()!,
            gateway: flags.gateway,
            fields: flags.field.length ? flags.field : undefined,
            broadcast: flags.broadcast ? true : undefined,
          };
        },
        commandLine: (o) => [
          'add-event',
          o.event,
          ...(o.gateway ? ['--gateway', o.gateway] : []),
          ...(o.fields ?? []).flatMap((f) => ['--field', f]),
          ...(o.broadcast ? ['--broadcast'] : []),
          '--yes',
        ],
      });
    });
}
