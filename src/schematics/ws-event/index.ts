import { eventCommand } from '../../generators/event/event.options';
import { schematicRule } from '../schematic-factory';

/** `nest g ws-event`: the same generator, options and rules as `ws-scaffold add-event`. */
export const wsEvent = schematicRule(eventCommand);
