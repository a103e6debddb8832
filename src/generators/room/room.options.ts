import { defineCommand, type OptionsOf } from '../../engine/options';
import { gatewayToExtend, handlerSpec } from '../shared/options';
import { roomKind, roomPattern } from '../shared/rules';

export const roomCommand = defineCommand({
  command: 'add-room',
  generator: 'room',
  summary: 'Add rooms to a gateway: authorised join, leave, a message to the other members, a room-name builder, typed events.',
  examples: `
Examples:
  $ ws-scaffold add-room project --gateway chat
      'project:join' (validated, authorised by canJoin()), 'project:leave' and 'project:message'
      (to the other members) handlers; projectRoom('42') is 'project:42'
  $ ws-scaffold add-room board --gateway chat --pattern 'org:{orgId}:board:{id}'
  $ ws-scaffold add-room lobby --gateway chat --pattern lobby --presence
      'lobby:joined' to the other members on a join, 'lobby:members' counts them
  $ ws-scaffold add-room lobby --gateway src/chat/chat.gateway.ts --pattern lobby --dry-run --diff`,
  schematic: {
    name: 'ws-room',
    id: 'WsScaffoldRoom',
    title: 'ws-scaffold room',
    description: 'Rooms on an existing gateway: authorised join, leave, a message to the other members, a room-name builder and typed events.',
  },
  options: {
    room: {
      type: 'string',
      positional: true,
      required: true,
      description: 'the room kind, e.g. `project`',
      prompt: 'Room kind (e.g. project)',
      schematic: { name: 'name', prompt: 'Which room? (e.g. project)' },
      validate: roomKind,
    },
    gateway: gatewayToExtend,
    pattern: {
      type: 'string',
      description: 'the room name with `{param}` placeholders, default `<room>:{id}`; it starts with a literal part, and each placeholder becomes a builder parameter and a validated DTO field',
      validate: roomPattern,
    },
    presence: {
      type: 'boolean',
      default: false,
      description: "also tell the other members when someone joins (`<room>:joined`) and answer `<room>:members` with the member count across every instance (bounded by a 2 s timeout). Off: a join is one local call and its ack, whatever the room's size",
    },
    spec: handlerSpec,
  },
});

export type RoomOptions = OptionsOf<typeof roomCommand.options>;
