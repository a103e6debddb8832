import { defineCommand, type OptionsOf } from '../../engine/options';

export const initCommand = defineCommand({
  command: 'init',
  generator: 'init',
  summary: 'Make ws-scaffold the default schematics collection of nest-cli.json (it extends @nestjs/schematics).',
  examples: `
Examples:
  $ ws-scaffold init              nest g ws-gateway chat now works without -c
  $ ws-scaffold init --remove     back to @nestjs/schematics as the default collection`,
  options: {
    remove: { type: 'boolean', default: false, description: 'take ws-scaffold out of nest-cli.json again' },
  },
});

export type InitOptions = OptionsOf<typeof initCommand.options>;
