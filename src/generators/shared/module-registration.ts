import { ensureModuleProvider } from '../../nest/ensure-provider';
import type { PlanContext } from '../../engine/generator';
import { RefusalError } from '../../errors';

export interface ModuleEntry {
  symbol: string;
  moduleSpecifier: string;
  /** `providers` (default) or `imports`. */
  property?: 'providers' | 'imports';
  /** The entry when it is not the bare name, e.g. `ThrottlerModule.forRoot([...])`. */
  entry?: string;
}

/**
 * Lists `entries` in the module's metadata, in this order, each with its import: once, however
 * often it runs. The first run appends what is missing; an entry that went missing later goes back
 * where that run put it: before the first entry that was appended after it (one of this
 * artefact's own that no earlier artefact had, or else one that a later artefact added).
 */
export function registerInModule(context: PlanContext<unknown>, moduleFile: string, entries: readonly ModuleEntry[]): void {
  entries.forEach((entry, index) => {
    const property = entry.property ?? 'providers';
    const recorded = context.recordedEntries(moduleFile, property);
    const ours = entries.map((e) => e.symbol);
    const ownLater = entries.slice(index + 1).filter((e) => (e.property ?? 'providers') === property).map((e) => e.symbol);
    const before = [
      ...ownLater.filter((symbol) => !recorded.before.includes(symbol)),
      ...recorded.after.filter((symbol) => !recorded.before.includes(symbol) && !ours.includes(symbol)),
    ];
    try {
      context.editFile(moduleFile, (text) => ensureModuleProvider(moduleFile, text, { ...entry, before }), `${entry.symbol} in ${property}`);
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
      // The snippet registers everything this run needed there, not just the entry refused first.
      throw new RefusalError(error.file, error.reason, registrationSnippet(entries), error.line).withHint(
        'Run the same command again with --skip-import: it writes everything but this module edit. Then',
      );
    }
  });
}

/** The imports and metadata entries of a whole registration, to paste into the module by hand. */
function registrationSnippet(entries: readonly ModuleEntry[]): string {
  const imports = entries.map((e) => `import { ${e.symbol} } from '${e.moduleSpecifier}';`);
  const list = (property: 'providers' | 'imports') => {
    const items = entries.filter((e) => (e.property ?? 'providers') === property).map((e) => e.entry ?? e.symbol);
    return items.length ? [`${property}: [/* ...existing ${property}, */ ${items.join(', ')}],`] : [];
  };
  return [...new Set(imports), '', '// in the @Module({...}) metadata:', ...list('imports'), ...list('providers')].join('\n');
}
