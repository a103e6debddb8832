import type { Rule, SchematicContext, Tree } from '@angular-devkit/schematics';
import type { RoomOptions } from '../../generators/room/room.generator';
import { runSchematic, type NestCliOptions } from '../run-schematic';

export interface WsRoomSchema extends NestCliOptions {
  name: string;
  gateway?: string;
  pattern?: string;
}

/** `nest g ws-room project`: the same generator as `ws-scaffold add-room`. */
export function wsRoom(options: WsRoomSchema): Rule {
  return (tree: Tree, context: SchematicContext) =>
    runSchematic<RoomOptions>(tree, context, options, {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      generator: () => (require('../../generators/room/room.generator') as typeof import('../../generators/room/room.generator')).roomGenerator,
      options: { room: options.name, gateway: options.gateway, pattern: options.pattern || undefined },
    });
}
