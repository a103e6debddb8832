import { render } from 'ejs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDependencies } from '../project/package-json';
import type { ProjectInfo } from '../project/detect';
import { formatChanges } from './format';
import type { FileChange, Tree } from './tree';

export interface Skipped {
  path?: string;
  what: string;
  reason: string;
}

/** What a generator hands the engine: one verb per kind of change, all of them on the in-memory tree. */
export interface PlanContext<O> {
  readonly tree: Tree;
  readonly project: ProjectInfo;
  readonly options: O;
  /** Renders `templates/<template>` with ejs. */
  render(template: string, data: Record<string, unknown>): string;
  /** A file the user will own and edit: created once, never overwritten. */
  scaffoldFile(path: string, content: string, what: string): void;
  /** An idempotent transform of an existing file; refusals propagate and abort the whole plan. */
  editFile(path: string, edit: (text: string) => string): void;
  addDependencies(dependencies: Record<string, string>): void;
  nextStep(text: string): void;
}

export interface Generator<O> {
  name: string;
  plan(context: PlanContext<O>): Promise<void>;
}

export const defineGenerator = <O>(generator: Generator<O>): Generator<O> => generator;

export interface Plan {
  changes: FileChange[];
  skipped: Skipped[];
  dependenciesAdded: string[];
  nextSteps: string[];
}

const TEMPLATES = join(__dirname, '..', '..', 'templates');

/** Runs a generator against the tree and returns every change it would make. Writes nothing. */
export async function planGenerator<O>(generator: Generator<O>, tree: Tree, project: ProjectInfo, options: O): Promise<Plan> {
  const skipped: Skipped[] = [];
  const nextSteps: string[] = [];
  const dependenciesAdded: string[] = [];
  const context: PlanContext<O> = {
    tree,
    project,
    options,
    render(template, data) {
      const filename = join(TEMPLATES, template);
      return render(readFileSync(filename, 'utf8'), data, { filename });
    },
    scaffoldFile(path, content, what) {
      const existing = tree.read(path);
      if (existing === undefined) tree.write(path, content);
      else skipped.push({ path, what, reason: existing === content ? 'already there' : 'already exists; yours to edit, left as is' });
    },
    editFile(path, edit) {
      const text = tree.read(path);
      if (text === undefined) throw new Error(`${path} does not exist`);
      const edited = edit(text);
      if (edited !== text) tree.write(path, edited);
    },
    addDependencies(dependencies) {
      const text = tree.read('package.json')!;
      const result = ensureDependencies(text, dependencies);
      if (result.text !== text) tree.write('package.json', result.text);
      dependenciesAdded.push(...result.added);
      for (const { name, range } of result.kept) skipped.push({ path: 'package.json', what: name, reason: `already declared (${range})` });
    },
    nextStep: (text) => void nextSteps.push(text),
  };
  await generator.plan(context);
  const changes = await formatChanges(tree.root, project, tree.changes());
  return { changes, skipped, dependenciesAdded, nextSteps };
}
