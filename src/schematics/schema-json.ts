import type { CommandSpec, OptionSpec } from '../engine/options';

/**
 * What the Nest CLI sends to every schematic, declared or not (a schema must accept them), in
 * schema.json's order: name, type, and what the description adds to "Sent by the Nest CLI".
 */
const NEST_CLI_KEYS: [string, 'string' | 'boolean', string?][] = [
  ['sourceRoot', 'string', ' (from nest-cli.json or --project)'],
  ['language', 'string', '; only ts is supported'],
  ['format', 'boolean', "; the project's prettier config is always honoured"],
  ['collection', 'string'],
  ['project', 'string'],
  ['type', 'string', ' when given'],
  ['crud', 'boolean', ' when given'],
  ['path', 'string', ' when given'],
  ['flat', 'boolean'],
  ['spec', 'boolean'],
  ['specFileSuffix', 'string'],
  ['skipImport', 'boolean'],
];

/** Sentence case with a full stop, and no Markdown: schema.json is read as plain text. */
const sentence = (text: string): string => {
  const plain = text.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/`/g, '');
  return `${plain[0].toUpperCase()}${plain.slice(1)}${/[.)]$/.test(plain) ? '' : '.'}`;
};

function property(option: OptionSpec): Record<string, unknown> {
  const result: Record<string, unknown> = {
    type: option.type === 'boolean' ? 'boolean' : 'string',
    description: sentence(option.type === 'list' ? `${option.description} (comma-separated)` : option.description),
  };
  // Values and text defaults are the rules' to check and apply, with the same message as the CLI's.
  if (option.type === 'boolean') result.default = option.default;
  if (option.type === 'string' && option.positional) result.$default = { $source: 'argv', index: 0 };
  const prompt = option.schematic ? option.schematic.prompt : undefined;
  if (typeof prompt === 'string') result['x-prompt'] = prompt;
  else if (prompt) result['x-prompt'] = { message: prompt.message, type: 'list', items: prompt.items };
  return result;
}

/**
 * The schematic's schema.json, made from the generator's option declaration: every option under
 * the name `nest g` sends it by (aliases too), `skipInstall`, and the keys the Nest CLI always
 * sends. The committed files are held to this by a test (`npm run derive` rewrites them).
 */
export function schematicSchema(spec: CommandSpec): Record<string, unknown> {
  if (!spec.schematic) throw new Error(`${spec.command} has no schematic`);
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [key, option] of Object.entries(spec.options)) {
    if (option.schematic === false) continue;
    const name = option.schematic?.name ?? key;
    properties[name] = property(option);
    for (const alias of option.schematic?.aliases ?? []) properties[alias] = { type: 'string', description: `The same as ${name}, when given as ${alias}.` };
    if (option.type === 'string' && option.required && !option.schematic?.aliases?.length) required.push(name);
  }
  properties.skipInstall = { type: 'boolean', default: false, description: 'Do not install the added dependencies.' };
  for (const [key, type, note = ''] of NEST_CLI_KEYS) if (!(key in properties)) properties[key] = { type, description: `Sent by the Nest CLI${note}.` };
  return {
    $schema: 'http://json-schema.org/draft-07/schema',
    $id: spec.schematic.id,
    title: spec.schematic.title,
    description: spec.schematic.description,
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
  };
}

/** Where a schematic's schema.json lives (collection.json points there). */
export const schemaFile = (spec: CommandSpec): string => `src/schematics/${spec.schematic!.name}/schema.json`;
