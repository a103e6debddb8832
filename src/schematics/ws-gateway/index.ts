import type { Rule, SchematicContext, Tree } from '@angular-devkit/schematics';
import type { GatewayOptions } from '../../generators/gateway/gateway.generator';
import { runSchematic, type NestCliOptions } from '../run-schematic';

/** What schema.json accepts: the generator's options plus the keys the Nest CLI always sends. */
export type WsGatewaySchema = GatewayOptions & NestCliOptions;

/** `nest g ws-gateway chat`: the same generator and templates as `ws-scaffold add-gateway chat`. */
export function wsGateway(options: WsGatewaySchema): Rule {
  return (tree: Tree, context: SchematicContext) =>
    runSchematic<GatewayOptions>(tree, context, options, {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      generator: () => (require('../../generators/gateway/gateway.generator') as typeof import('../../generators/gateway/gateway.generator')).gatewayGenerator,
      options: {
        name: options.name,
        namespace: options.namespace,
        path: options.path,
        flat: options.flat,
        module: options.module,
        spec: options.spec,
        specFileSuffix: options.specFileSuffix,
        skipImport: options.skipImport,
        auth: options.auth,
        throttle: options.throttle,
        transport: options.transport === 'auto' ? undefined : options.transport,
        wsPath: options.wsPath,
      },
    });
}
