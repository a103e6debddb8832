import { GENERATORS } from '../generators/registry';
import { detectNest, detectProject } from '../project/detect';
import { commitChanges } from '../tree/commit';
import { withProject } from '../tree/project-lock';
import { sameCode } from '../ast/same-code';
import { loadTsMorph } from '../ast/morph';
import { RefusalError, UsageError } from '../errors';
import { formatChanges } from '../engine/format';
import { planGenerator, type Plan, type VerifyFinding } from '../engine/generator';
import { MANIFEST_FILE, readManifest, type Manifest, type ManifestArtefact, type ManifestContract } from '../engine/manifest';
import { diskTree, type FileChange } from '../tree/tree';
import type { Warning } from '../asyncapi/schema';
import type { ContractCheck } from './asyncapi';

export type DriftKind =
  | 'owned-file-missing'
  | 'owned-file-edited'
  | 'older-template'
  | 'fragment-missing'
  | 'dependency-missing'
  | 'entry-without-artefact'
  | 'cannot-check'
  // What a generator's verify() finds, which only the user can resolve.
  | VerifyFinding['kind']
  | 'contract-changed';

export interface DriftItem {
  artefact: string;
  kind: DriftKind;
  path?: string;
  message: string;
  /** The command that fixes it. */
  fix: string;
  repairable: boolean;
  diff?: string;
  /** contract-changed: the code's line, the event, the JSON pointer in the contract, and what it does to clients. */
  line?: number;
  event?: string;
  pointer?: string;
  change?: 'breaking' | 'compatible';
}

export interface CheckResult {
  items: DriftItem[];
  /** With `repair`: what sync wrote (or would write, on a dry run). */
  changes: FileChange[];
  artefacts: number;
  /** Whether the items make the check fail: any drift, and contract changes as `failOn` says. */
  failing: boolean;
  /** The contract compared, when there was one. */
  contract?: { file: string; failOn: 'any' | 'breaking'; warnings: Warning[] };
}

export interface CheckSettings {
  repair?: boolean;
  dryRun?: boolean;
  notify?: (line: string) => void;
  /** `--contract <file>` / `--fail-on`: the AsyncAPI contract to hold the code to (else the one ws-scaffold.json records). */
  contract?: { file?: string; failOn?: 'any' | 'breaking'; project?: string };
}

/**
 * Plans every artefact of the manifest again, in memory, on the project as it is now. Generators are
 * idempotent, so on a project in sync the plan is empty; whatever it would change is drift. Only
 * the files the generators read are opened. With `repair`, the repairable part is written in one
 * atomic step (unless `dryRun`).
 */
export async function checkProject(root: string, settings: CheckSettings = {}): Promise<CheckResult> {
  // Under the project lock: a check never reads a tree another run is writing.
  const writes = !!settings.repair && !settings.dryRun;
  return withProject(root, { writes, notify: settings.notify, whileWaiting: loadTsMorph }, () => checkUnlocked(root, settings));
}

async function checkUnlocked(root: string, settings: CheckSettings): Promise<CheckResult> {
  const tree = diskTree(root);
  // An unsupported Nest major stops every command first, check and sync included.
  detectNest(tree);
  const manifest = readManifest(tree);
  const contract = contractToCheck(manifest, settings.contract ?? {});
  if (!manifest && !contract) throw new UsageError(`no ${MANIFEST_FILE} in ${root}: nothing was generated here yet (or run from the project root / pass --cwd).`);
  const projects = new Map<string | undefined, ReturnType<typeof detectProject>>();
  const projectOf = (name: string | undefined) => projects.get(name) ?? projects.set(name, detectProject(tree, { project: name })).get(name)!;
  const recordedProject = (name: string, label: string) => {
    try {
      return projectOf(name);
    } catch (error) {
      throw error instanceof UsageError ? new UsageError(`${MANIFEST_FILE}: ${label}: ${error.message}`) : error;
    }
  };
  const items: DriftItem[] = [];
  // Owned files sync writes anew: formatted whole, whatever formatting they had.
  const rewritten = new Set<string>();

  for (const artefact of manifest?.artefacts ?? []) {
    const label = `${artefact.kind} ${artefact.name}`;
    // Own keys only: a kind like "constructor" or "__proto__" names no generator.
    const load = Object.hasOwn(GENERATORS, artefact.kind) ? GENERATORS[artefact.kind] : undefined;
    const gone = artefact.scaffolded.filter((path) => !tree.exists(path));
    if (!load || gone.length > 0) {
      items.push(orphan(label, artefact, gone, !load));
      continue;
    }
    const before = snapshot(tree.changes());
    const generator = await load();
    // A project the artefact names is the manifest's to answer for; the default one is nest-cli.json's.
    const project = artefact.project === undefined ? projectOf(undefined) : recordedProject(artefact.project, label);
    try {
      const plan = await planGenerator(generator, tree, project, artefact.options as never, settings.repair ? 'repair' : 'check');
      for (const path of plan.rewritten) rewritten.add(path);
      for (const finding of generator.verify?.(tree, artefact, project) ?? []) items.push({ artefact: label, ...finding, repairable: false });
      for (const finding of plan.ownedFileFindings) {
        const { meaningfulDiff } = await loadDiff();
        // Compared as prettier would write it, so that the diff shows only the real difference.
        const [expected] = await formatChanges(root, project, [{ action: 'create', path: finding.path, after: finding.expected }]);
        items.push({
          artefact: label,
          kind: finding.cause === 'older-template' ? 'older-template' : 'owned-file-edited',
          path: finding.path,
          message: finding.cause === 'older-template'
            ? `${finding.path} was written by an older template`
            : `${finding.path} was edited by hand (ws-scaffold owns it)`,
          fix: 'ws-scaffold sync (rewrites it; move custom code out of owned files first)',
          repairable: true,
          diff: meaningfulDiff(finding.path, finding.actual, expected?.after ?? finding.expected),
        });
      }
      const reported = new Set(plan.ownedFileFindings.map((f) => f.path));
      for (const change of newChanges(before, tree.changes()).filter((c) => !reported.has(c.path) && changesCode(c))) {
        items.push(describe(label, artefact, change, plan, (await loadDiff()).unifiedDiff));
      }
    } catch (error) {
      // An option the manifest records that its rule refuses: say where it comes from.
      if (error instanceof UsageError) throw new UsageError(`${MANIFEST_FILE}: ${label}: ${error.message}`);
      if (!(error instanceof RefusalError)) throw error;
      const current = error.proposal === undefined ? undefined : tree.read(error.file);
      const diff = current === undefined ? undefined : (await loadDiff()).meaningfulDiff(error.file, current, error.proposal!);
      items.push({ artefact: label, kind: 'cannot-check', path: error.file, message: error.message, fix: `restore the shape ws-scaffold can read, or add by hand:\n${error.snippet}`, repairable: false, ...(diff ? { diff } : {}) });
    }
  }

  // Any project of the run will do: the prettier config is the repository's, not a project's.
  const formatting = () => projects.values().next().value ?? projectOf(undefined);
  const changes = settings.repair && tree.changes().length > 0 ? (await formatChanges(root, formatting(), tree.changes(), rewritten)).filter(changesCode) : [];
  // The AsyncAPI reader is loaded only when there is a contract to compare.
  const compared = contract ? (await import('./asyncapi.js')).checkContract(tree, contract) : undefined;
  if (compared) {
    items.push(...contractItems(compared));
    // Written as ws-scaffold writes it (not through prettier): the contract is compared by meaning anyway.
    if (settings.repair && compared.rewrite) changes.push(compared.rewrite);
  }
  if (settings.repair && !settings.dryRun && changes.length > 0) await commitChanges(root, changes, { read: tree.filesRead });
  const failOn = compared?.failOn ?? 'any';
  return {
    items,
    changes,
    artefacts: manifest?.artefacts.length ?? 0,
    failing: items.some((item) => item.kind !== 'contract-changed' || failOn === 'any' || item.change === 'breaking'),
    ...(compared ? { contract: { file: compared.file, failOn, warnings: compared.warnings } } : {}),
  };
}

/** The contract `--contract` names (it wins), else the one ws-scaffold.json records; `--fail-on` applies to either. */
function contractToCheck(manifest: Manifest | undefined, flag: NonNullable<CheckSettings['contract']>): ManifestContract | undefined {
  const recorded = manifest?.contract;
  if (flag.file !== undefined) return { file: flag.file, failOn: flag.failOn ?? recorded?.failOn, project: flag.project ?? recorded?.project };
  return recorded && flag.failOn ? { ...recorded, failOn: flag.failOn } : recorded;
}

function contractItems(compared: ContractCheck): DriftItem[] {
  const artefact = `contract ${compared.file}`;
  const fix = `ws-scaffold sync (rewrites ${compared.file} from the code), or change the code back`;
  if (compared.missing) {
    return [{ artefact, kind: 'contract-changed', path: compared.file, message: `${compared.file} is missing`, fix: `ws-scaffold sync (writes ${compared.file} from the code)`, repairable: true, pointer: '', change: 'breaking' }];
  }
  return compared.changes.map((change) => ({
    artefact,
    kind: 'contract-changed' as const,
    path: change.location?.file ?? compared.file,
    ...(change.location ? { line: change.location.line } : {}),
    message: `${change.classification}: ${change.message}`,
    fix,
    repairable: true,
    event: change.event,
    pointer: change.pointer,
    change: change.classification,
  }));
}

/** The `diff` package is loaded only when there is drift to show: a project in sync never needs it. */
const loadDiff = async (): Promise<typeof import('../engine/diff')> => import('../engine/diff.js');

function orphan(label: string, artefact: ManifestArtefact, gone: string[], unknownKind: boolean): DriftItem {
  if (unknownKind) {
    return { artefact: label, kind: 'entry-without-artefact', message: `${MANIFEST_FILE} names an unknown generator "${artefact.kind}"`, fix: `upgrade ws-scaffold, or remove the entry from ${MANIFEST_FILE}`, repairable: false };
  }
  return {
    artefact: label,
    kind: 'entry-without-artefact',
    path: gone[0],
    message: `${gone.join(', ')} ${gone.length > 1 ? 'are' : 'is'} gone, but ${MANIFEST_FILE} still lists ${label}`,
    fix: `ws-scaffold add-${artefact.kind} ${artefact.name} (recreates it), or remove the entry from ${MANIFEST_FILE}; sync never recreates files you own`,
    repairable: false,
  };
}

function describe(label: string, artefact: ManifestArtefact, change: FileChange, plan: Pick<Plan, 'fragmentsChanged' | 'artefact'>, unifiedDiff: typeof import('../engine/diff').unifiedDiff): DriftItem {
  const fragments = plan.fragmentsChanged;
  const diff = unifiedDiff(change.path, change.before, change.after);
  if (change.path === 'package.json') {
    return { artefact: label, kind: 'dependency-missing', path: change.path, message: 'package.json lacks dependencies the generated code imports', fix: 'ws-scaffold sync, then install', repairable: true, diff };
  }
  if (change.action === 'create' && artefact.owns.includes(change.path)) {
    return { artefact: label, kind: 'owned-file-missing', path: change.path, message: `${change.path} is missing`, fix: 'ws-scaffold sync', repairable: true, diff };
  }
  // A file today's templates own that the recorded run did not write: it came with a later version.
  if (change.action === 'create' && plan.artefact?.owns.includes(change.path)) {
    return { artefact: label, kind: 'older-template', path: change.path, message: `${change.path} is missing: the project was generated by an older template, which did not write it`, fix: 'ws-scaffold sync (writes it, and moves what it takes over)', repairable: true, diff };
  }
  const what = fragments.filter((f) => f.startsWith(`${change.path}: `)).map((f) => f.slice(change.path.length + 2));
  const owned = artefact.fragments.filter((f) => f.startsWith(`${change.path}: `)).map((f) => f.slice(change.path.length + 2));
  return {
    artefact: label,
    kind: 'fragment-missing',
    path: change.path,
    message: `${change.path}: ${(what.length ? what : owned).join(', ') || 'generated code'} is missing or changed`,
    fix: 'ws-scaffold sync',
    repairable: true,
    diff,
  };
}

/** A planned edit that leaves a source file the same code is no drift, and sync does not write it. */
const changesCode = (change: FileChange): boolean =>
  change.before === undefined || !/\.[cm]?[jt]sx?$/.test(change.path) || !sameCode(change.before, change.after);

const snapshot = (changes: FileChange[]): Map<string, string> => new Map(changes.map((c) => [c.path, c.after]));
const newChanges = (before: Map<string, string>, after: FileChange[]): FileChange[] =>
  after.filter((c) => before.get(c.path) !== c.after).map((c) => (before.has(c.path) ? { ...c, before: before.get(c.path) } : c));
