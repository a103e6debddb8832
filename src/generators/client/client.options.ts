import { defineCommand, type OptionsOf } from '../../engine/options';
import { gatewayReference } from '../shared/rules';

export const clientCommand = defineCommand({
  command: 'add-client',
  generator: 'client',
  summary: 'Add a typed socket.io-client helper for a gateway, for front-end code.',
  examples: `
Examples:
  $ ws-scaffold add-client --gateway chat
      src/chat/chat.client.ts: ChatSocket (a socket.io-client Socket typed with the event maps)
      and connectChat(io, baseUrl, token), importing types only`,
  options: {
    gateway: {
      type: 'string',
      description: 'the gateway: its add-gateway name (chat) or its file (default: the only socket.io gateway in ws-scaffold.json)',
      cli: { placeholder: 'name|file' },
      validate: gatewayReference,
    },
  },
});

export type ClientOptions = OptionsOf<typeof clientCommand.options>;
