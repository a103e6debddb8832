import { ensureModuleProvider } from '../../nest/ensure-provider';
import type { PlanContext } from '../../engine/generator';

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
    context.editFile(moduleFile, (text) => ensureModuleProvider(moduleFile, text, { ...entry, before }), `${entry.symbol} in ${property}`);
  });
}
