import type { Node as JsonNode } from 'jsonc-parser';
import { UsageError } from '../errors';
import { detectEol } from '../text/text-style';
import { chooseRange, type DependencyWish, type InstalledPackages } from './dependency-ranges';
import { jsoncParser, keepingBom, parseJsonc } from './jsonc';

export type WantedDependencies = Record<string, string | DependencyWish>;

export interface DependencyEdit {
  text: string;
  added: string[];
  /** Packages already declared, left at the version the project chose. */
  kept: { name: string; range: string }[];
}

export interface DependencyOptions {
  section?: 'dependencies' | 'devDependencies';
  /** What node_modules holds: installed versions and the peer ranges that a new package must meet. */
  installed?: InstalledPackages;
  /** The project pins exact versions: add `0.15.1`, not `^0.15.1`. */
  exact?: boolean;
}

/**
 * Adds missing dependencies to package.json with text splices, so that the rest of the file stays
 * byte for byte: its indentation (none, spaces or tabs), spacing, line endings, key order, final
 * newline and byte order mark. A new key goes where npm would put it in a sorted section, at the
 * end of an unsorted one. Declared packages are never changed (one the generated code cannot use
 * is an error, see chooseRange). jsonc-parser is loaded only when something has to be added: a
 * re-plan by `check` usually just reads.
 */
export function ensureDependencies(text: string, wanted: WantedDependencies, options: DependencyOptions = {}): DependencyEdit {
  const section = options.section ?? 'dependencies';
  const pkg = (parseJsonc(text) ?? {}) as Record<string, Record<string, string> | undefined>;
  const declared = { ...pkg.devDependencies, ...pkg.dependencies };
  const result: DependencyEdit = { text, added: [], kept: [] };
  for (const [name, wish] of Object.entries(wanted)) {
    const choice = chooseRange(name, typeof wish === 'string' ? { ranges: [wish] } : wish, declared[name], options);
    if ('kept' in choice) {
      result.kept.push({ name, range: choice.kept });
      continue;
    }
    result.text = keepingBom(result.text, (json) => insertProperty(json, section, name, choice.range));
    result.added.push(name);
  }
  return result;
}

/** `"name": "range"` added to the object `section` of the root object (created last when missing). */
function insertProperty(text: string, section: string, name: string, value: string): string {
  const { parseTree } = jsoncParser();
  const root = parseTree(text);
  if (!root || root.type !== 'object') throw new UsageError('package.json does not hold a JSON object; fix it first.');
  const style = jsonStyle(text, root);
  const sectionNode = propertyValue(root, section);
  if (sectionNode && sectionNode.type !== 'object') throw new UsageError(`package.json: "${section}" is not an object; fix it first.`);
  if (sectionNode?.type === 'object') {
    const entry = `${JSON.stringify(name)}${style.colon}${JSON.stringify(value)}`;
    return insertIntoObject(text, sectionNode, entry, sortedIndex(sectionNode, name), style, 2);
  }
  const inner = style.multiline ? `${style.eol}${style.unit.repeat(2)}` : style.braceSpace;
  const close = style.multiline ? `${style.eol}${style.unit}` : style.braceSpace;
  const object = `{${inner}${JSON.stringify(name)}${style.colon}${JSON.stringify(value)}${close}}`;
  const entry = `${JSON.stringify(section)}${style.colon}${object}`;
  return insertIntoObject(text, root, entry, root.children?.length ?? 0, style, 1);
}

interface JsonStyle {
  multiline: boolean;
  eol: string;
  /** One level of indentation: two or four spaces, a tab. */
  unit: string;
  /** Between a key and its value: `": "` or `":"`. */
  colon: string;
  /** Inside the braces of a one-line object: `{ "a": 1 }` or `{"a":1}`. */
  braceSpace: string;
}

function jsonStyle(text: string, root: JsonNode): JsonStyle {
  const first = root.children?.[0];
  const before = first ? text.slice(root.offset + 1, first.offset) : '';
  const multiline = /\n/.test(before) || (!first && /\n/.test(text.trim()));
  const unit = /[ \t]*$/.exec(before)?.[0] || '  ';
  const [key, value] = first?.children ?? [];
  const between = key && value ? text.slice(key.offset + key.length, value.offset) : '';
  const colon = /^[ \t]*:[ \t]*$/.test(between) ? between : ': ';
  return { multiline, eol: detectEol(text), unit, colon, braceSpace: !multiline && before.startsWith(' ') ? ' ' : '' };
}

function propertyValue(object: JsonNode, key: string): JsonNode | undefined {
  return object.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
}

/** npm keeps sections sorted; a section the user keeps in another order gets the new key last. */
function sortedIndex(object: JsonNode, name: string): number {
  const keys = (object.children ?? []).map((p) => String(p.children?.[0]?.value));
  const sorted = keys.every((key, i) => i === 0 || keys[i - 1].localeCompare(key, 'en') <= 0);
  return sorted ? keys.filter((key) => key.localeCompare(name, 'en') < 0).length : keys.length;
}

/**
 * Inserts `entry` as the `index`-th property of `object`, separated the way the object already
 * separates its properties (the text between two of them, or between `{` and the first one).
 */
function insertIntoObject(text: string, object: JsonNode, entry: string, index: number, style: JsonStyle, depth: number): string {
  const properties = object.children ?? [];
  const openEnd = object.offset + 1;
  const closeAt = object.offset + object.length - 1;
  if (properties.length === 0) {
    const inner = style.multiline ? `${style.eol}${style.unit.repeat(depth)}` : style.braceSpace;
    const close = style.multiline ? `${style.eol}${style.unit.repeat(depth - 1)}` : style.braceSpace;
    return text.slice(0, openEnd) + inner + entry + close + text.slice(closeAt);
  }
  const separator =
    properties.length >= 2
      ? text.slice(properties[0].offset + properties[0].length, properties[1].offset)
      : `,${text.slice(openEnd, properties[0].offset)}`;
  if (index >= properties.length) {
    const last = properties[properties.length - 1];
    const at = last.offset + last.length;
    return text.slice(0, at) + separator + entry + text.slice(at);
  }
  const at = properties[index].offset;
  return text.slice(0, at) + entry + separator + text.slice(at);
}
