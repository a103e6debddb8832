import type { Command } from 'commander';
import type { RoomOptions } from '../generators/room/room.generator';
import { runGeneratorCommand, withCommonOptions, type CommonOptions } from './run-command';

interface AddRoomFlags extends CommonOptions {
  gateway?: string;
  pattern?: string;
}

const EXAMPLES = `
Examples:
  $ ws-scaffold add-room project --gateway chat
      'project:join' (validated, authorised by canJoin()), 'project:leave' and 'project:message'
      (to the other members) handlers; projectRoom('42') is 'project:42'
  $ ws-scaffold add-room board --gateway chat --pattern 'org:{orgId}:board:{id}'
  $ ws-scaffold add-room lobby --gateway src/chat/chat.gateway.ts --pattern lobby --dry-run --diff`;

export function registerAddRoom(program: Command, state: { exitCode: number }): void {
  withCommonOptions(program.command('add-room'))
    .description('Add rooms to a gateway: authorised join, leave, a message to the other members, a room-name builder, typed events.')
    .argument('[room]', 'room kind, e.g. project')
    .option('--gateway <name|file>', 'the gateway: its add-gateway name (chat) or its file (default: the only socket.io gateway in ws-scaffold.json)')
    .option('--pattern <pattern>', 'room name pattern with {param} placeholders (default: <room>:{id})')
    .addHelpText('after', EXAMPLES)
    .action(async (room: string | undefined, flags: AddRoomFlags) => {
      state.exitCode = await runGeneratorCommand<RoomOptions>({
        name: 'add-room',
        common: flags,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loadGenerator: () => (require('../generators/room/room.generator') as typeof import('../generators/room/room.generator')).roomGenerator,
        missing: [
          ...(room ? [] : [{ flag: '<room>', message: 'Room kind (e.g. project)', validate: (v: string) => (v.trim() ? true : 'a room is required') }]),
        ],
        options: (answers) => {
          const asked = [...answers];
          return { room: room ?? asked.shift()!, gateway: flags.gateway, pattern: flags.pattern };
        },
        commandLine: (o) => ['add-room', o.room, ...(o.gateway ? ['--gateway', o.gateway] : []), ...(o.pattern ? ['--pattern', o.pattern] : []), '--yes'],
      });
    });
}
