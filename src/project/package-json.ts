import { detectEol, detectIndentUnit } from '../text/text-style';
import { jsoncParser, parseJsonc } from './jsonc';

export interface DependencyEdit {
  text: string;
  added: string[];
  /** Packages already declared, left at the version the project chose. */
  kept: { name: string; range: string }[];
}

/**
 * Adds missing dependencies to package.json with jsonc-parser edits, so the rest of the file keeps
 * its formatting, key order and line endings. Declared packages are never changed. jsonc-parser
 * is loaded only when something has to be added: a re-plan by `check` usually just reads.
 */
export function ensureDependencies(
  text: string,
  wanted: Record<string, string>,
  section: 'dependencies' | 'devDependencies' = 'dependencies',
): DependencyEdit {
  const pkg = parseJsonc(text) as Record<string, Record<string, string> | undefined>;
  const declared = { ...pkg.devDependencies, ...pkg.dependencies };
  const formattingOptions = { insertSpaces: !detectIndentUnit(text).includes('\t'), tabSize: detectIndentUnit(text).length, eol: detectEol(text) };
  const result: DependencyEdit = { text, added: [], kept: [] };
  for (const [name, range] of Object.entries(wanted)) {
    if (declared[name]) {
      result.kept.push({ name, range: declared[name] });
      continue;
    }
    const { applyEdits, modify, parse } = jsoncParser();
    const sectionExists = parse(result.text)[section] !== undefined;
    const edits = modify(result.text, [section, name], range, {
      formattingOptions,
      // Alphabetical inside the section, as npm writes it; a new section goes last.
      getInsertionIndex: (keys) => (sectionExists ? keys.filter((key) => key.localeCompare(name) < 0).length : keys.length),
    });
    result.text = applyEdits(result.text, edits);
    result.added.push(name);
  }
  return result;
}
