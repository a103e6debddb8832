import { defineCommand, type OptionsOf } from '../../engine/options';
import { gatewayFolder, gatewayModule, gatewaySpec, skipModuleImport, wireKitAdapter } from '../shared/options';
import { artefactName, namespacePattern } from '../shared/rules';

export const namespaceCommand = defineCommand({
  command: 'add-namespace',
  generator: 'namespace',
  summary: 'Add a socket.io namespace (static, or dynamic with --pattern) and the gateway that serves it.',
  examples: `
Examples:
  $ ws-scaffold add-namespace admin
      a gateway on /admin (src/admin/admin.gateway.ts), listed in src/websockets/namespaces.ts
  $ ws-scaffold add-namespace tenant --pattern '^/tenant-[a-z0-9]+$'
      one gateway for /tenant-a, /tenant-b, ...: a RegExp namespace whose handlers emit through
      the client's own child namespace (client.nsp); empty children are cleaned up

A namespace another gateway already serves, or a pattern that matches one, is an error (exit 1).`,
  schematic: {
    name: 'ws-namespace',
    id: 'WsScaffoldNamespace',
    title: 'ws-scaffold namespace',
    description: 'A socket.io namespace (static, or dynamic with a pattern) and the gateway that serves it, listed in websockets/namespaces.ts.',
  },
  options: {
    name: {
      type: 'string',
      positional: true,
      required: true,
      description: '`admin` or `/admin`: the namespace and the gateway\'s name',
      prompt: 'Namespace (e.g. admin)',
      schematic: { prompt: 'Which namespace? (e.g. admin)' },
      validate: (value, context) => artefactName(value.trim().replace(/^\/+/, ''), context),
    },
    pattern: {
      type: 'string',
      description: 'a dynamic namespace: a RegExp anchored to whole names, e.g. `^/tenant-[a-z0-9]+$`',
      cli: { placeholder: 'regex' },
      validate: namespacePattern,
    },
    path: gatewayFolder,
    module: gatewayModule,
    spec: gatewaySpec,
    skipImport: skipModuleImport,
    main: wireKitAdapter,
    auth: { type: 'boolean', default: true, description: 'handshake authentication', negated: 'no handshake authentication: the gateway calls allowAnonymous(server), its namespace is public' },
  },
});

export type NamespaceOptions = OptionsOf<typeof namespaceCommand.options>;
