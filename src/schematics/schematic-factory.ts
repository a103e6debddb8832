import type { Rule, SchematicContext, Tree } from '@angular-devkit/schematics';
import type { CommandSpec } from '../engine/options';
import { runSchematic, type NestCliOptions } from './run-schematic';

/**
 * The options a generator gets from what `nest g` sends, as the declaration says: each under the
 * name the schematic gives it (or an alias), an empty answer to a prompt meaning "the default",
 * and lists comma-separated (`nest g` passes no repeated options).
 */
export function generatorOptions(spec: CommandSpec, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(spec.options)) {
    if (option.schematic === false) continue;
    const names = [option.schematic?.name ?? key, ...(option.schematic?.aliases ?? [])];
    const value = names.map((name) => given[name]).find((v) => v !== undefined && v !== '');
    if (value === undefined) continue;
    options[key] = option.type === 'list' && typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;
  }
  return options;
}

/** `nest g <schematic>`: the same generator, options and rules as the CLI command of the declaration. */
export const schematicRule =
  (spec: CommandSpec) =>
  (given: Record<string, unknown>): Rule =>
  (tree: Tree, context: SchematicContext) =>
    runSchematic(tree, context, given as NestCliOptions, { generator: spec.generator, options: generatorOptions(spec, given) });
