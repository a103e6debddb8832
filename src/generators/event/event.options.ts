import { defineCommand, type OptionsOf } from '../../engine/options';
import { UsageError } from '../../errors';
import { gatewayToExtend, handlerSpec } from '../shared/options';
import { eventName, fieldList } from '../shared/rules';

export const eventCommand = defineCommand({
  command: 'add-event',
  generator: 'event',
  summary: 'Add a typed @SubscribeMessage handler, its validated payload DTO and its event-map entries to a gateway.',
  examples: `
Examples:
  $ ws-scaffold add-event chat:send --gateway chat --field text:string --field roomId:string?
      a validated ChatSendDto, its ack type and event-map entry in chat.events.ts, and
      @SubscribeMessage('chat:send') handleChatSend() in chat.gateway.ts
  $ ws-scaffold add-event typing --gateway src/chat/chat.gateway.ts --field draft:boolean --broadcast
      sent on to the namespace's other clients (typed in ChatServerToClientEvents)

Field types: string, number, boolean, string[]; a trailing ? makes the field optional.
Reserved names (connect, connect_error, disconnect, disconnecting, error, exception, newListener,
removeListener) are refused.`,
  schematic: {
    name: 'ws-event',
    id: 'WsScaffoldEvent',
    title: 'ws-scaffold event',
    description: 'A typed @SubscribeMessage handler with a validated payload DTO and its event-map entries, added to an existing gateway.',
  },
  options: {
    event: {
      type: 'string',
      positional: true,
      required: true,
      description: '`typing`, `chat:send`, `order.created` (letters, digits, `:`, `.`, `-`, `_`)',
      prompt: 'Event name (e.g. chat:send)',
      schematic: { name: 'name', prompt: 'Which event? (e.g. chat:send)' },
      validate: eventName,
    },
    gateway: gatewayToExtend,
    fields: {
      type: 'list',
      description: 'a payload field, repeatable (comma-separated for `nest g`); types `string`, `number`, `boolean`, `string[]`; `name:type?` is optional',
      cli: { flag: 'field', placeholder: 'name:type' },
      validate: fieldList,
    },
    ack: {
      type: 'boolean',
      default: false,
      description: 'answer through the socket.io acknowledgement (the default)',
      schematic: false,
      validate: (ack, { options, label }) => {
        if (ack && options.broadcast) throw new UsageError(`${label} and --broadcast exclude each other.`);
        return ack;
      },
    },
    broadcast: { type: 'boolean', default: false, description: 'send the payload on to the other clients of the namespace instead of answering' },
    spec: handlerSpec,
  },
});

export type EventOptions = OptionsOf<typeof eventCommand.options>;
