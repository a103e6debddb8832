import { namespaceCommand } from '../../generators/namespace/namespace.options';
import { schematicRule } from '../schematic-factory';

/** `nest g ws-namespace`: the same generator, options and rules as `ws-scaffold add-namespace`. */
export const wsNamespace = schematicRule(namespaceCommand);
