import type { Rule, SchematicContext, Tree } from '@angular-devkit/schematics';
import type { AdapterOptions } from '../../generators/adapter/adapter.generator';
import { runSchematic, type NestCliOptions } from '../run-schematic';

export interface WsAdapterSchema extends NestCliOptions {
  /** `nest g ws-adapter redis` sends the kind as the name. */
  name?: string;
}

/** `nest g ws-adapter --type redis`: the same generator and templates as `ws-scaffold add-adapter redis`. */
export function wsAdapter(options: WsAdapterSchema): Rule {
  return (tree: Tree, context: SchematicContext) =>
    runSchematic<AdapterOptions>(tree, context, options, {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      generator: () => (require('../../generators/adapter/adapter.generator') as typeof import('../../generators/adapter/adapter.generator')).adapterGenerator,
      options: { kind: options.type || options.name || undefined },
    });
}
