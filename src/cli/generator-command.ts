import { Option, type Command } from 'commander';
import { cliLabel, flagName, kebab, type CommandSpec, type OptionSpec } from '../engine/options';
import { UsageError } from '../errors';
import type { RequiredValue } from './interaction';
import { runGeneratorCommand, withCommonOptions, type CommonOptions } from './run-command';

/** The value's name in help: `<dir>`, `<namespace>`. */
const placeholder = (key: string, spec: OptionSpec): string => `<${(spec.cli && spec.cli.placeholder) || kebab(key)}>`;

/** The line `--help` shows for an option. */
function helpText(spec: OptionSpec): string {
  const text = spec.type === 'boolean' && spec.default && spec.negated ? spec.negated : spec.description;
  // Markdown is for README; help is plain text.
  return text.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/`/g, '');
}

/** The command line as commander reads it, built from the generator's option declaration. */
export function registerGeneratorCommand(program: Command, state: { exitCode: number }, spec: CommandSpec): void {
  const command = withCommonOptions(program.command(spec.command)).description(spec.summary);
  const entries = Object.entries(spec.options).filter(([, option]) => option.cli !== false);
  const positionals = entries.filter(([, option]) => option.type === 'string' && option.positional);
  for (const [key, option] of positionals) command.argument(`[${kebab(key)}]`, helpText(option));
  for (const [key, option] of entries) {
    if (option.type === 'string' && option.positional) continue;
    const flag = cliLabel(key, option);
    if (option.type === 'boolean') command.option(flag, helpText(option));
    else if (option.type === 'list') command.addOption(new Option(`${flag} ${placeholder(key, option)}`, helpText(option)).argParser((value: string, previous: string[] = []) => [...previous, value]));
    else {
      // Values are checked by the declaration's rules, with the same message on both front ends.
      command.addOption(new Option(`${flag} ${placeholder(key, option)}`, helpText(option)));
    }
  }
  command.addHelpText('after', spec.examples);
  command.action(async (...args: unknown[]) => {
    const values = args.slice(0, positionals.length) as (string | undefined)[];
    const flags = args[positionals.length] as CommonOptions & Record<string, unknown>;
    const missing = missingValues(positionals, values);
    state.exitCode = await runGeneratorCommand({
      name: spec.command,
      generator: spec.generator,
      common: flags,
      missing,
      options: (answers) => {
        const raw: Record<string, unknown> = {};
        positionals.forEach(([key], i) => {
          const asked = missing.findIndex((m) => m.key === key);
          raw[key] = values[i] ?? (asked === -1 ? undefined : answers[asked]);
        });
        for (const [key, option] of entries) {
          if (option.type === 'string' && option.positional) continue;
          // commander names a flag's value after the flag: --ws-path is wsPath, --field is field.
          const value = flags[flagName(key, option).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
          if (value === '' || (Array.isArray(value) && value.includes(''))) {
            throw new UsageError(`${cliLabel(key, option)} was given an empty value; leave the option out for its default.`);
          }
          // A boolean left at its default was not given: the manifest records only what was asked for.
          if (option.type === 'boolean' ? value !== undefined && value !== option.default : value !== undefined) raw[key] = value;
        }
        return raw;
      },
      commandLine: (options) => equivalentArguments(spec, options),
    });
  });
}

/** Positional values to ask for at a terminal: the required ones, and those with a prompt and a default. */
function missingValues(positionals: [string, OptionSpec][], values: (string | undefined)[]): (RequiredValue & { key: string })[] {
  return positionals.flatMap(([key, option], i) => {
    if (values[i] !== undefined || option.type !== 'string' || !option.prompt) return [];
    if (!option.required && !option.askWhenMissing) return [];
    return [{
      key,
      flag: cliLabel(key, option),
      message: option.prompt,
      initial: option.default,
      optional: !option.required && !option.askWhenMissing,
      validate: (value: string) => {
        try {
          if (option.values && !option.values.includes(value.trim())) return `one of ${option.values.join(', ')}`;
          option.validate?.(value, { label: cliLabel(key, option), options: {} });
          return true;
        } catch (error) {
          return (error as Error).message;
        }
      },
    }];
  });
}

/** `add-gateway chat --namespace /chat --no-spec`: the options as one command line, without prompts. */
export function equivalentArguments(spec: CommandSpec, options: Readonly<Record<string, unknown>>): string[] {
  const parts = [spec.command];
  const entries = Object.entries(spec.options).filter(([, option]) => option.cli !== false);
  for (const [key, option] of entries) {
    if (option.type === 'string' && option.positional && options[key] !== undefined) parts.push(String(options[key]));
  }
  for (const [key, option] of entries) {
    const value = options[key];
    if ((option.type === 'string' && option.positional) || value === undefined) continue;
    if (option.type === 'boolean') {
      if (value !== option.default) parts.push(cliLabel(key, option));
    } else if (option.type === 'list') {
      for (const item of value as string[]) parts.push(cliLabel(key, option), item);
    } else if (value !== option.default) {
      parts.push(cliLabel(key, option), String(value));
    }
  }
  return [...parts, '--yes'];
}
