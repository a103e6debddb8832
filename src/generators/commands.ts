import type { CommandSpec } from '../engine/options';
import { adapterCommand } from './adapter/adapter.options';
import { clientCommand } from './client/client.options';
import { eventCommand } from './event/event.options';
import { gatewayCommand } from './gateway/gateway.options';
import { initCommand } from './init/init.options';
import { namespaceCommand } from './namespace/namespace.options';
import { roomCommand } from './room/room.options';

/**
 * Every generator's front-end declaration, in the order `--help` lists them: what the CLI
 * commands, the schematics' schema.json files and README's option tables are made from. Only
 * the declarations load here (no engine, no ts-morph), so `--help` stays fast.
 */
export const COMMANDS: readonly CommandSpec[] = [gatewayCommand, adapterCommand, eventCommand, roomCommand, namespaceCommand, clientCommand, initCommand];
