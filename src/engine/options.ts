import { UsageError } from '../errors';
import type { ProjectInfo } from '../project/detect';
import type { Tree } from '../tree/tree';

/*
 * One declaration per option. A generator's options are declared once, in its `<name>.options.ts`:
 * type, default, description, prompt, validation, and how each front end shows it. The commander
 * flags, the terminal prompts, the one-line command printed after a prompted run, the schematic's
 * schema.json (generated; a test holds the committed file to it), the options type, what the
 * manifest records and the README's options tables all derive from it. Adding an option is one
 * edit there plus its template.
 */

/** Where a rule runs: always with the option's label; with the project once it is known. */
export interface RuleContext {
  /** How the user wrote it: `--namespace`, `<name>`. */
  label: string;
  /** Every option's value as given (raw), for rules that depend on another option. */
  options: Readonly<Record<string, unknown>>;
  project?: { tree: Tree; info: ProjectInfo };
}

/** Checks and normalises a value; throws a UsageError naming the label when it is not acceptable. */
export type Rule<T> = (value: T, context: RuleContext) => T;

/** An x-prompt for `nest g`, which cannot pass our flags: asked at a terminal there. */
export type SchematicPrompt = string | { message: string; items: { value: string; label: string }[] };

interface BaseOption<T> {
  /** One line: CLI help, README's options table, schema.json. */
  description: string;
  /** Checked before anything is planned (see RuleContext). */
  validate?: Rule<T>;
  /** The CLI: `false` to leave it out; `flag` when it is not the key (`--field`, repeated, for `fields`); `placeholder` names the value (`<dir>`). */
  cli?: false | { flag?: string; placeholder?: string };
  /** The schematic: `false` to leave it out; the name nest g sends it under, aliases, a prompt. */
  schematic?: false | { name?: string; aliases?: readonly string[]; prompt?: SchematicPrompt };
}

export interface StringOption extends BaseOption<string> {
  type: 'string';
  default?: string;
  /** The only values accepted. */
  values?: readonly string[];
  /** What a value is called in the message for one that is not among `values`: `adapter kind`. */
  valueName?: string;
  /** The command's argument (`add-gateway <name>`) rather than a flag. */
  positional?: boolean;
  required?: boolean;
  /** Asked at a terminal when a required value is missing. */
  prompt?: string;
  /**
   * The CLI asks for it even though the generator has a default (offered in the prompt), and
   * without a terminal fails naming it: a choice the user should make (`add-adapter <kind>`).
   */
  askWhenMissing?: boolean;
}

export interface BooleanOption extends BaseOption<boolean> {
  type: 'boolean';
  default: boolean;
  /** For an option on by default: what its `--no-` flag does (the CLI and README show that one). */
  negated?: string;
}

/** Repeatable on the command line (`--field a --field b`), comma-separated for nest g. */
export interface ListOption extends BaseOption<string[]> {
  type: 'list';
}

export type OptionSpec = StringOption | BooleanOption | ListOption;
export type OptionSchema = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends BooleanOption ? boolean : S extends ListOption ? string[] : string;
type RequiredKeys<S extends OptionSchema> = { [K in keyof S]: S[K] extends { required: true } ? K : never }[keyof S];

/** The options a generator's plan receives: required ones always set, the others optional. */
export type OptionsOf<S extends OptionSchema> = { [K in RequiredKeys<S>]: ValueOf<S[K]> } & {
  [K in Exclude<keyof S, RequiredKeys<S>>]?: ValueOf<S[K]>;
};

export const defineOptions = <const S extends OptionSchema>(schema: S): S => schema;

/** `wsPath` as a flag: `--ws-path`. */
export const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The flag's name without dashes: `ws-path` for `wsPath`, `field` for `fields`. */
export const flagName = (key: string, spec: OptionSpec): string => (spec.cli && spec.cli.flag) || kebab(key);

/** How the CLI shows an option: `<name>`, `--namespace`, `--no-spec`. */
export function cliLabel(key: string, spec: OptionSpec): string {
  if (spec.type === 'string' && spec.positional) return `<${flagName(key, spec)}>`;
  if (spec.type === 'boolean' && spec.default) return `--no-${flagName(key, spec)}`;
  return `--${flagName(key, spec)}`;
}

/**
 * The options as the plan gets them: each value checked and normalised by its option's rules, in
 * declaration order (a rule may read options declared before it). Unknown keys are dropped;
 * missing required values are an error naming the flag. Defaults are not filled in: a value left
 * out stays out, so the manifest records what was asked for.
 */
export function validateOptions<S extends OptionSchema>(schema: S, raw: Readonly<Record<string, unknown>>, project?: RuleContext['project']): OptionsOf<S> {
  const fail = (message: string): never => {
    throw new UsageError(message);
  };
  const result: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    const label = cliLabel(key, spec);
    let value = raw[key];
    // An empty answer to a prompt means the default (a flag given as "" is refused by the CLI).
    if (value === '' && spec.type === 'string' && !spec.required) value = undefined;
    if (value === undefined || value === null) {
      if (spec.type === 'string' && spec.required) fail(`missing ${label}.`);
      continue;
    }
    if (spec.type === 'boolean' && typeof value !== 'boolean') fail(`${label} takes no value.`);
    if (spec.type === 'string' && typeof value !== 'string') fail(`${label} expects one text value.`);
    if (spec.type === 'list' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) fail(`${label} expects text values.`);
    if (spec.type === 'string' && spec.values && !spec.values.includes(value as string)) {
      fail(`unknown ${spec.valueName ?? kebab(key)} ${JSON.stringify(value)}: use one of ${spec.values.join(', ')}.`);
    }
    if (spec.validate) value = (spec.validate as Rule<unknown>)(value, { label, options: { ...raw, ...result }, project });
    result[key] = value;
  }
  return result as OptionsOf<S>;
}

/** What the manifest records: the values given, except those equal to their default. */
export function significantOptions(schema: OptionSchema, options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options).filter(([key, value]) => {
      const spec = schema[key];
      if (!spec || value === undefined || value === '') return false;
      // What the command is about (`add-adapter redis`) is recorded even when it is the default.
      if (spec.type === 'string' && spec.positional) return true;
      if (Array.isArray(value)) return value.length > 0;
      return !('default' in spec) || value !== spec.default;
    }),
  );
}

/** A generator's front-end declaration: the CLI command, the schematic, and the options both take. */
export interface CommandSpec<S extends OptionSchema = OptionSchema> {
  /** The CLI command: `add-gateway`. */
  command: string;
  /** The generator it runs (a key of generators/registry.ts). */
  generator: string;
  /** One line for `--help`. */
  summary: string;
  /** The examples `--help` prints after the options. */
  examples: string;
  options: S;
  /** The schematic of the same generator (`nest g ws-gateway`), when there is one. */
  schematic?: { name: string; id: string; title: string; description: string };
}

export const defineCommand = <const S extends OptionSchema>(spec: CommandSpec<S>): CommandSpec<S> => spec;
