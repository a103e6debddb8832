import { cliLabel, kebab, type CommandSpec } from '../engine/options';
import { COMMON_OPTIONS } from './run-command';

/** The Markdown table of a command's options, as README shows it: made from the declaration. */
export function optionsTable(spec: CommandSpec): string {
  const rows = Object.entries(spec.options)
    .filter(([, option]) => option.cli !== false)
    .sort(([, a], [, b]) => Number(b.type === 'string' && !!b.positional) - Number(a.type === 'string' && !!a.positional))
    .map(([key, option]) => {
      const label = cliLabel(key, option);
      const value = option.type === 'boolean' || (option.type === 'string' && option.positional) ? '' : ` <${(option.cli && option.cli.placeholder) || kebab(key)}>`;
      const meaning = option.type === 'boolean' && option.default && option.negated ? option.negated : option.description;
      return `| \`${label}${value}\` | ${meaning.replace(/\|/g, '\\|')} |`;
    });
  return ['| option | meaning |', '| --- | --- |', ...rows].join('\n');
}

/** The table of the options every generator command takes. */
export const commonOptionsTable = (): string =>
  ['| option | meaning |', '| --- | --- |', ...COMMON_OPTIONS.map(({ flags, description }) => `| \`${flags}\` | ${description} |`)].join('\n');

/** README with each `<!-- options:<command> -->` ... `<!-- /options -->` block made anew from the declarations. */
export function readmeWithOptionTables(readme: string, specs: readonly CommandSpec[]): string {
  // An empty block (the opening marker right above the closing one) is filled too, never run past.
  return readme.replace(/(<!-- options:([\w-]+) -->\n)(?:(?!<!-- options:)[\s\S])*?(\n?<!-- \/options -->)/g, (whole, open: string, name: string, close: string) => {
    const end = close.startsWith('\n') ? close : `\n${close}`;
    if (name === 'common') return `${open}${commonOptionsTable()}${end}`;
    const spec = specs.find((s) => s.command === name);
    return spec ? `${open}${optionsTable(spec)}${end}` : whole;
  });
}
