import { UsageError } from '../errors';

/*
 * YAML for JSON-shaped data (an AsyncAPI document), both ways, without a dependency: block
 * mappings and sequences, quoted and plain scalars. `toYaml` writes only that; `fromYaml` reads it
 * back, and what a YAML formatter (prettier) makes of it (quote style, comments, `---`). Anchors,
 * tags, block scalars and flow collections with content are outside it: one clear error.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ .,/()'*+=@!<>-]*$/;

function scalar(value: string): string {
  return PLAIN.test(value) && !value.endsWith(' ') && !RESERVED.test(value) ? value : JSON.stringify(value);
}

const key = (name: string): string => (/^[A-Za-z0-9_$][A-Za-z0-9_$.-]*$/.test(name) && !RESERVED.test(name) && !/^[\d.-]/.test(name) ? name : JSON.stringify(name));

export function toYaml(value: unknown): string {
  const lines: string[] = [];
  const write = (current: unknown, indent: string): void => {
    if (Array.isArray(current)) {
      for (const item of current) {
        if (isContainer(item) && !isEmpty(item)) {
          const nested: string[] = [];
          const saved = lines.length;
          write(item, `${indent}  `);
          nested.push(...lines.splice(saved));
          lines.push(`${indent}- ${nested[0].slice(indent.length + 2)}`, ...nested.slice(1));
        } else lines.push(`${indent}- ${inline(item)}`);
      }
      return;
    }
    for (const [name, item] of Object.entries(current as Record<string, unknown>)) {
      if (item === undefined) continue;
      if (isContainer(item) && !isEmpty(item)) {
        lines.push(`${indent}${key(name)}:`);
        write(item, `${indent}  `);
      } else lines.push(`${indent}${key(name)}: ${inline(item)}`);
    }
  };
  if (isContainer(value) && !isEmpty(value)) write(value, '');
  else lines.push(inline(value));
  return `${lines.join('\n')}\n`;
}

const isContainer = (value: unknown): value is object => typeof value === 'object' && value !== null;
const isEmpty = (value: object): boolean => (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0);

function inline(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return scalar(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? '[]' : '{}';
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

/** Parses the YAML subset above; `file` names the file in the error. */
export function fromYaml(text: string, file: string): unknown {
  const lines: Line[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const content = stripComment(raw);
    if (content.trim() === '' || content.trim() === '---' || content.trim() === '...') return;
    if (/^\t/.test(raw)) fail(index + 1, 'tabs are not allowed for indentation');
    lines.push({ indent: content.length - content.trimStart().length, text: content.trim(), number: index + 1 });
  });
  let position = 0;
  function fail(line: number, why: string): never {
    throw new UsageError(`${file}:${line}: cannot read this YAML (${why}); write the contract as .json, or let \`ws-scaffold sync\` rewrite it.`);
  }

  const parseBlock = (indent: number): Json => {
    const first = lines[position];
    if (first.text.startsWith('- ') || first.text === '-') return parseSequence(first.indent);
    return parseMapping(indent);
  };

  const parseSequence = (indent: number): Json[] => {
    const items: Json[] = [];
    while (position < lines.length && lines[position].indent === indent && (lines[position].text.startsWith('- ') || lines[position].text === '-')) {
      const line = lines[position];
      const rest = line.text === '-' ? '' : line.text.slice(2).trim();
      if (rest === '') {
        position++;
        items.push(position < lines.length && lines[position].indent > indent ? parseBlock(lines[position].indent) : null);
      } else if (isMappingEntry(rest)) {
        // `- key: value` starts a mapping indented at the key's column.
        const column = indent + (line.text.length - line.text.slice(1).trimStart().length);
        lines[position] = { indent: column, text: rest, number: line.number };
        items.push(parseMapping(column));
      } else {
        position++;
        items.push(parseScalar(rest, line.number));
      }
    }
    return items;
  };

  const parseMapping = (indent: number): { [key: string]: Json } => {
    const result: { [key: string]: Json } = {};
    while (position < lines.length && lines[position].indent === indent) {
      const line = lines[position];
      const entry = splitEntry(line.text);
      if (!entry) fail(line.number, 'expected `key: value`');
      const [name, rest] = entry;
      position++;
      if (rest === '') {
        const next = lines[position];
        if (next && (next.indent > indent || (next.indent === indent && (next.text.startsWith('- ') || next.text === '-')))) result[name] = parseBlock(next.indent);
        else result[name] = null;
      } else result[name] = parseScalar(rest, line.number);
    }
    if (position < lines.length && lines[position].indent > indent) fail(lines[position].number, 'unexpected indentation');
    return result;
  };

  const parseScalar = (raw: string, line: number): Json => {
    if (raw.startsWith('"')) {
      try {
        return JSON.parse(raw) as string;
      } catch {
        fail(line, 'a double-quoted string it cannot read');
      }
    }
    if (raw.startsWith("'")) {
      if (!raw.endsWith("'") || raw.length < 2) fail(line, 'an unterminated single-quoted string');
      return raw.slice(1, -1).replace(/''/g, "'");
    }
    if (raw === '{}') return {};
    if (raw === '[]') return [];
    if (/^[[{&*!|>%@`]/.test(raw)) fail(line, `\`${raw[0]}\` (flow collections, anchors, tags and block scalars are not supported)`);
    if (/^(?:null|~|Null|NULL)$/.test(raw)) return null;
    if (/^(?:true|True|TRUE)$/.test(raw)) return true;
    if (/^(?:false|False|FALSE)$/.test(raw)) return false;
    if (/^[-+]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(raw)) return Number(raw);
    return raw;
  };

  if (lines.length === 0) return null;
  if (lines.length === 1 && !splitEntry(lines[0].text) && !lines[0].text.startsWith('-')) return parseScalar(lines[0].text, lines[0].number);
  const value = parseBlock(lines[0].indent);
  if (position < lines.length) fail(lines[position].number, 'unexpected indentation');
  return value;
}

const isMappingEntry = (text: string): boolean => splitEntry(text) !== undefined;

/** `key: value` (the key plain or quoted), or undefined. */
function splitEntry(text: string): [string, string] | undefined {
  let name: string;
  let rest: string;
  if (text.startsWith('"') || text.startsWith("'")) {
    const quote = text[0];
    let end = 1;
    for (; end < text.length; end++) {
      if (quote === '"' && text[end] === '\\') end++;
      else if (text[end] === quote) {
        if (quote === "'" && text[end + 1] === "'") end++;
        else break;
      }
    }
    const quoted = text.slice(0, end + 1);
    const after = text.slice(end + 1);
    if (!/^\s*:(\s|$)/.test(after)) return undefined;
    name = quote === '"' ? (JSON.parse(quoted) as string) : quoted.slice(1, -1).replace(/''/g, "'");
    rest = after.replace(/^\s*:/, '').trim();
  } else {
    const match = /^([^\s"'#][^:]*?)\s*:(?:\s+(.*))?$/.exec(text);
    if (!match) return undefined;
    name = match[1];
    rest = (match[2] ?? '').trim();
  }
  return [name, rest];
}

/** A line without its comment: `#` at the start or after white space, outside quotes. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (quote === '"' && char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      // A quote opens a string only where a scalar or key starts.
      if (i === 0 || /[\s:\-[{,]/.test(line[i - 1])) quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

export type { Json };
