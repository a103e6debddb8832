import type { Rule, SchematicContext, Tree } from '@angular-devkit/schematics';
import type { EventOptions } from '../../generators/event/event.generator';
import { runSchematic, type NestCliOptions } from '../run-schematic';

export interface WsEventSchema extends NestCliOptions {
  name: string;
  gateway?: string;
  /** Comma-separated `text:string,roomId:string?`: `nest g` passes no repeated options. */
  fields?: string;
  broadcast?: boolean;
}

/** `nest g ws-event chat:send`: the same generator as `ws-scaffold add-event`. */
export function wsEvent(options: WsEventSchema): Rule {
  return (tree: Tree, context: SchematicContext) =>
    runSchematic<EventOptions>(tree, context, options, {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      generator: () => (require('../../generators/event/event.generator') as typeof import('../../generators/event/event.generator')).eventGenerator,
      options: {
        event: options.name,
        gateway: options.gateway,
        fields: options.fields ? options.fields.split(',').map((f) => f.trim()).filter(Boolean) : undefined,
        broadcast: options.broadcast ? true : undefined,
      },
    });
}
