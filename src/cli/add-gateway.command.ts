import type { Command } from 'commander';
import type { GatewayOptions } from '../generators/gateway/gateway.generator';
import { runGeneratorCommand, withCommonOptions, type CommonOptions } from './run-command';

interface AddGatewayFlags extends CommonOptions {
  namespace?: string;
  path?: string;
  flat?: boolean;
  module?: string;
  spec: boolean;
  skipImport?: boolean;
  auth?: boolean;
  throttle?: boolean;
  transport?: string;
  wsPath?: string;
}

const EXAMPLES = `
Examples:
  $ ws-scaffold add-gateway chat
      src/chat/chat.gateway.ts on namespace /chat, its spec, registered in the nearest module
  $ ws-scaffold add-gateway notifications --namespace /events --module src/app.module.ts
  $ ws-scaffold add-gateway admin/audit --flat --no-spec --dry-run --diff
  $ ws-scaffold add-gateway chat --project api --json --yes     (monorepo, for scripts and CI)
  $ ws-scaffold add-gateway chat --transport ws
      a ws (@nestjs/platform-ws) gateway on the path /chat; the transport main.ts wires is the default`;

export function registerAddGateway(program: Command, state: { exitCode: number }): void {
  withCommonOptions(program.command('add-gateway'))
    .description('Add a gateway (socket.io namespace or ws path, lifecycle hooks, a message handler, a spec) and register it.')
    .argument('[name]', 'gateway name, e.g. chat, chat-room or admin/chat')
    .option('--namespace <namespace>', 'socket.io namespace (default: /<kebab-name>)')
    .option('--path <dir>', 'folder under the source root to create it in')
    .option('--flat', 'create the files directly in the folder, without a <name>/ folder of their own')
    .option('--module <file>', 'module file to register the gateway in (default: the nearest *.module.ts)')
    .option('--no-spec', 'do not create a unit spec')
    .option('--skip-import', 'do not register the gateway in a module')
    .option('--no-auth', 'no handshake authentication (socket.io middleware + WsAuthVerifier)')
    .option('--throttle', 'rate-limit messages per socket with @nestjs/throttler (20 a second by default)')
    .option('--transport <transport>', 'auto (what main.ts wires), socket.io or ws', 'auto')
    .option('--ws-path <path>', 'ws transport: the URL path to serve (default: /<kebab-name>)')
    .addHelpText('after', EXAMPLES)
    .action(async (name: string | undefined, flags: AddGatewayFlags) => {
      state.exitCode = await runGeneratorCommand<GatewayOptions>({
        name: 'add-gateway',
        common: flags,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loadGenerator: () => (require('../generators/gateway/gateway.generator') as typeof import('../generators/gateway/gateway.generator')).gatewayGenerator,
        missing: name ? [] : [{ flag: '<name>', message: 'Gateway name (e.g. chat)', validate: (v) => (v.trim() ? true : 'a name is required') }],
        options: ([asked]) => ({
          name: name ?? asked,
          namespace: flags.namespace,
          path: flags.path,
          flat: flags.flat,
          module: flags.module,
          spec: flags.spec,
          skipImport: flags.skipImport,
          auth: flags.auth,
          throttle: flags.throttle,
          transport: flags.transport === 'auto' ? undefined : flags.transport,
          wsPath: flags.wsPath,
        }),
        commandLine: (o) => [
          'add-gateway',
          o.name,
          ...(o.namespace ? ['--namespace', o.namespace] : []),
          ...(o.path ? ['--path', o.path] : []),
          ...(o.flat ? ['--flat'] : []),
          ...(o.module ? ['--module', o.module] : []),
          ...(o.spec === false ? ['--no-spec'] : []),
          ...(o.skipImport ? ['--skip-import'] : []),
          ...(o.auth === false ? ['--no-auth'] : []),
          ...(o.throttle ? ['--throttle'] : []),
          ...(o.transport ? ['--transport', o.transport] : []),
          ...(o.wsPath ? ['--ws-path', o.wsPath] : []),
          '--yes',
        ],
      });
    });
}
