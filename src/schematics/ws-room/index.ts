import { roomCommand } from '../../generators/room/room.options';
import { schematicRule } from '../schematic-factory';

/** `nest g ws-room`: the same generator, options and rules as `ws-scaffold add-room`. */
export const wsRoom = schematicRule(roomCommand);
