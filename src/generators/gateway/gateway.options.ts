import { defineCommand, type OptionsOf } from '../../engine/options';
import { gatewayFolder, gatewayModule, gatewaySpec, skipModuleImport, wireKitAdapter } from '../shared/options';
import { artefactName, fileSuffix, route } from '../shared/rules';

export const gatewayCommand = defineCommand({
  command: 'add-gateway',
  generator: 'gateway',
  summary: 'Add a gateway (socket.io namespace or ws path, lifecycle hooks, a message handler, a spec) and register it.',
  examples: `
Examples:
  $ ws-scaffold add-gateway chat
      src/chat/chat.gateway.ts on namespace /chat, its spec, registered in the nearest module
  $ ws-scaffold add-gateway notifications --namespace /events --module src/app.module.ts
  $ ws-scaffold add-gateway admin/audit --flat --no-spec --dry-run --diff
  $ ws-scaffold add-gateway chat --project api --json --yes     (monorepo, for scripts and CI)
  $ ws-scaffold add-gateway chat --transport ws
      a ws (@nestjs/platform-ws) gateway on the path /chat; the transport main.ts wires is the default`,
  schematic: {
    name: 'ws-gateway',
    id: 'WsScaffoldGateway',
    title: 'ws-scaffold gateway',
    description: 'A gateway (socket.io namespace or ws path) with safe lifecycle hooks, a message handler and a spec, registered in the nearest module.',
  },
  options: {
    name: {
      type: 'string',
      positional: true,
      required: true,
      description: 'gateway name: `chat`, `chat-room`, `admin/chat` (asked for at a terminal when missing)',
      prompt: 'Gateway name (e.g. chat)',
      schematic: { prompt: 'What name would you like to use for the gateway?' },
      validate: artefactName,
    },
    transport: {
      type: 'string',
      default: 'auto',
      values: ['auto', 'socket.io', 'ws'],
      description: '`auto` (default: what `main.ts` wires, socket.io when nothing), `socket.io` or `ws` ([the ws transport](#the-ws-transport-add-adapter-ws))',
      schematic: {
        prompt: {
          message: 'Which transport?',
          items: [
            { value: 'auto', label: 'auto: what main.ts already uses (socket.io when nothing is wired)' },
            { value: 'socket.io', label: 'socket.io: namespaces, rooms, acks, scale-out adapters' },
            { value: 'ws', label: 'ws: plain WebSocket (@nestjs/platform-ws), one instance, path-based' },
          ],
        },
      },
    },
    namespace: {
      type: 'string',
      description: 'socket.io namespace, default `/<kebab-name>`',
      schematic: { prompt: 'Which socket.io namespace? (empty for /<name>; leave empty on the ws transport)' },
      validate: route,
    },
    wsPath: { type: 'string', description: 'ws transport: the URL path to serve, default `/<kebab-name>`', cli: { placeholder: 'path' }, validate: route },
    path: gatewayFolder,
    flat: { type: 'boolean', default: false, description: 'no folder of its own' },
    module: gatewayModule,
    spec: gatewaySpec,
    specFileSuffix: { type: 'string', default: 'spec', description: 'spec file suffix', cli: false, validate: fileSuffix },
    skipImport: skipModuleImport,
    main: wireKitAdapter,
    auth: { type: 'boolean', default: true, description: 'handshake authentication (socket.io middleware + WsAuthVerifier)', negated: 'no handshake authentication: the gateway calls allowAnonymous(server), its namespace is public' },
    throttle: {
      type: 'boolean',
      default: false,
      description: 'per-socket message rate limit with `@nestjs/throttler` (20 messages a second; over it, the ack answers `{ ok: false, error }` instead)',
    },
  },
});

export type GatewayOptions = OptionsOf<typeof gatewayCommand.options>;
