import { adapterCommand } from '../../generators/adapter/adapter.options';
import { schematicRule } from '../schematic-factory';

/** `nest g ws-adapter`: the same generator, options and rules as `ws-scaffold add-adapter`. */
export const wsAdapter = schematicRule(adapterCommand);
