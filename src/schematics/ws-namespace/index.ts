import type { Rule, SchematicContext, Tree } from '@angular-devkit/schematics';
import type { NamespaceOptions } from '../../generators/namespace/namespace.generator';
import { runSchematic, type NestCliOptions } from '../run-schematic';

export interface WsNamespaceSchema extends NestCliOptions {
  name: string;
  pattern?: string;
  path?: string;
  module?: string;
  spec?: boolean;
}

/** `nest g ws-namespace admin`: the same generator as `ws-scaffold add-namespace admin`. */
export function wsNamespace(options: WsNamespaceSchema): Rule {
  return (tree: Tree, context: SchematicContext) =>
    runSchematic<NamespaceOptions>(tree, context, options, {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      generator: () => (require('../../generators/namespace/namespace.generator') as typeof import('../../generators/namespace/namespace.generator')).namespaceGenerator,
      options: { name: options.name, pattern: options.pattern || undefined, path: options.path, module: options.module, spec: options.spec },
    });
}
