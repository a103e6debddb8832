import type { Command } from 'commander';
import type { NamespaceOptions } from '../generators/namespace/namespace.generator';
import { runGeneratorCommand, withCommonOptions, type CommonOptions } from './run-command';

interface AddNamespaceFlags extends CommonOptions {
  pattern?: string;
  path?: string;
  module?: string;
  spec: boolean;
  auth: boolean;
}

const EXAMPLES = `
Examples:
  $ ws-scaffold add-namespace admin
      a gateway on /admin (src/admin/admin.gateway.ts), listed in src/websockets/namespaces.ts
  $ ws-scaffold add-namespace tenant --pattern '^/tenant-[a-z0-9]+$'
      one gateway for /tenant-a, /tenant-b, ...: a RegExp namespace whose handlers emit through
      the client's own child namespace (client.nsp); empty children are cleaned up

A namespace another gateway already serves is an error (exit 1).`;

export function registerAddNamespace(program: Command, state: { exitCode: number }): void {
  withCommonOptions(program.command('add-namespace'))
    .description('Add a socket.io namespace (static, or dynamic with --pattern) and the gateway that serves it.')
    .argument('[name]', 'namespace and gateway name, e.g. admin or /admin')
    .option('--pattern <regex>', "a dynamic namespace: children whose name matches, e.g. '^/tenant-[a-z0-9]+$'")
    .option('--path <dir>', 'folder under the source root to create it in')
    .option('--module <file>', 'module file to register the gateway in (default: the nearest *.module.ts)')
    .option('--no-spec', 'do not create a unit spec')
    .option('--no-auth', 'no handshake authentication')
    .addHelpText('after', EXAMPLES)
    .action(async (name: string | undefined, flags: AddNamespaceFlags) => {
      state.exitCode = await runGeneratorCommand<NamespaceOptions>({
        name: 'add-namespace',
        common: flags,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loadGenerator: () => (require('../generators/namespace/namespace.generator') as typeof import('../generators/namespace/namespace.generator')).namespaceGenerator,
        missing: name ? [] : [{ flag: '<name>', message: 'Namespace (e.g. admin)', validate: (v) => (v.trim() ? true : 'a name is required') }],
        options: ([asked]) => ({
          name: name ?? asked,
          pattern: flags.pattern,
          path: flags.path,
          module: flags.module,
          spec: flags.spec,
          auth: flags.auth,
        }),
        commandLine: (o) => [
          'add-namespace',
          o.name,
          ...(o.pattern ? ['--pattern', o.pattern] : []),
          ...(o.path ? ['--path', o.path] : []),
          ...(o.module ? ['--module', o.module] : []),
          ...(o.spec === false ? ['--no-spec'] : []),
          ...(o.auth === false ? ['--no-auth'] : []),
          '--yes',
        ],
      });
    });
}
