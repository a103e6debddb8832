import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Every `.ts` file under `dir`, repo-relative with POSIX separators. */
export function sourceFiles(repo: string, dir: string): string[] {
  const result: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(repo, rel))) {
      const path = posix.join(rel, name);
      if (statSync(join(repo, path)).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) result.push(path);
    }
  };
  walk(dir);
  return result.sort();
}

/**
 * The project files a source file imports: static imports and exports, `import()`, `require()`,
 * type-only ones included (a cycle of types is still a cycle a reader has to untangle).
 */
export function importsOf(repo: string, file: string): string[] {
  const text = readFileSync(join(repo, file), 'utf8');
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)) {
    const base = posix.normalize(posix.join(posix.dirname(file), match[2])).replace(/\.js$/, '');
    const target = [`${base}.ts`, posix.join(base, 'index.ts')].find((candidate) => existsSync(join(repo, candidate)));
    if (target) found.add(target);
  }
  return [...found];
}

/** A cycle in the graph, as the list of its nodes (first = last), or undefined. */
export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}
