import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareContracts, type ContractChange } from '../asyncapi/contract';
import type { AsyncApiDocument } from '../asyncapi/document';
import { readAsyncApi, type AsyncApiRead } from '../asyncapi/read';
import { fromYaml, toYaml } from '../asyncapi/yaml';
import { loadTsMorph } from '../ast/morph';
import { UsageError } from '../errors';
import { MANIFEST_FILE, readManifest, serialiseManifest, withContract, type ManifestContract } from '../engine/manifest';
import { commitChanges } from '../tree/commit';
import { withProject } from '../tree/project-lock';
import { diskTree, type FileChange, type Tree } from '../tree/tree';
import { assertInsideProject } from '../tree/project-paths';
import { projectPath } from '../generators/shared/rules';

export type ContractFormat = 'json' | 'yaml';

const TOOL_VERSION: string = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** `.json` or `.yaml` / `.yml`: the format a contract file is written in. */
export function contractFormat(file: string, flag = '--out'): ContractFormat {
  if (/\.json$/i.test(file)) return 'json';
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  throw new UsageError(`${flag} ${file}: the contract is written as .json, .yaml or .yml.`);
}

export const serialiseDocument = (document: AsyncApiDocument, format: ContractFormat): string => (format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : toYaml(document));

function parseContract(text: string, file: string): AsyncApiDocument {
  let value: unknown;
  if (contractFormat(file, 'contract') === 'json') {
    try {
      value = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new UsageError(`${file}: not valid JSON (${(error as Error).message}); fix it, or rewrite it with \`ws-scaffold sync\`.`);
    }
  } else value = fromYaml(text, file);
  if (typeof value !== 'object' || value === null || typeof (value as { asyncapi?: unknown }).asyncapi !== 'string') {
    throw new UsageError(`${file}: not an AsyncAPI document (no "asyncapi" version); write it with \`ws-scaffold asyncapi --out ${file}\`.`);
  }
  if (!String((value as { asyncapi: string }).asyncapi).startsWith('3.')) {
    throw new UsageError(`${file}: AsyncAPI ${(value as { asyncapi: string }).asyncapi}; ws-scaffold compares AsyncAPI 3 documents (rewrite it with \`ws-scaffold sync\`).`);
  }
  return value as AsyncApiDocument;
}

export interface AsyncApiResult extends AsyncApiRead {
  text: string;
  /** With `--out`: the file, and whether it changed. */
  written?: { path: string; changed: boolean; recorded: boolean };
}

/**
 * `ws-scaffold asyncapi`: the document of the project's gateways, as text in the chosen format;
 * with `out`, written in one atomic commit (and, with `record`, recorded in ws-scaffold.json so
 * that `check` compares it and `sync` rewrites it).
 */
export async function asyncapiCommand(root: string, settings: { project?: string; out?: string; format?: ContractFormat; record?: boolean; failOn?: 'any' | 'breaking' }): Promise<AsyncApiResult> {
  const out = settings.out === undefined ? undefined : relativeFile(root, settings.out, '--out');
  if (settings.record && !out) throw new UsageError('--record needs --out <file>: the file to record as the contract.');
  if (settings.failOn && !settings.record) throw new UsageError('--fail-on is recorded with the contract: use it with --out <file> --record.');
  const format = out ? contractFormat(out) : (settings.format ?? 'json');
  const work = async (): Promise<AsyncApiResult> => {
    const read = readAsyncApi(root, { project: settings.project });
    const text = serialiseDocument(read.document, format);
    if (!out) return { ...read, text };
    const tree = diskTree(root);
    if (tree.read(out) !== text) tree.write(out, text);
    if (settings.record) recordContract(tree, { file: out, ...(settings.failOn && settings.failOn !== 'any' ? { failOn: settings.failOn } : {}), ...(settings.project ? { project: settings.project } : {}) });
    const changes = tree.changes();
    await commitChanges(root, changes, { read: tree.filesRead });
    return { ...read, text, written: { path: out, changed: changes.some((c) => c.path === out), recorded: !!settings.record } };
  };
  return out ? withProject(root, { writes: true, whileWaiting: loadTsMorph }, work) : work();
}

function recordContract(tree: Tree, contract: ManifestContract): void {
  const current = readManifest(tree);
  if (JSON.stringify(current?.contract) === JSON.stringify(contract)) return;
  tree.write(MANIFEST_FILE, serialiseManifest(withContract(current, contract, TOOL_VERSION)));
}

/** A project-relative path the user gave, inside the project: checked by the rule every such path passes. */
export function relativeFile(root: string, file: string, flag: string): string {
  const path = projectPath(file, { label: flag, options: {} });
  assertInsideProject(root, path, flag);
  return path;
}

export interface ContractCheck {
  file: string;
  failOn: 'any' | 'breaking';
  changes: ContractChange[];
  /** The contract missing altogether. */
  missing: boolean;
  /** What `sync` writes: the contract as the code makes it now (undefined when it is already that). */
  rewrite?: FileChange;
  warnings: AsyncApiRead['warnings'];
}

/** Compares the committed contract with the code; the rewrite is what `sync` would write. */
export function checkContract(tree: Tree, contract: ManifestContract): ContractCheck {
  const file = relativeFile(tree.root, contract.file, 'contract');
  const format = contractFormat(file, 'contract');
  const read = readAsyncApi(tree.root, { project: contract.project });
  const text = serialiseDocument(read.document, format);
  const committedText = tree.read(file);
  const failOn = contract.failOn ?? 'any';
  const rewrite: FileChange | undefined = committedText === text ? undefined : { action: committedText === undefined ? 'create' : 'update', path: file, before: committedText, after: text };
  if (committedText === undefined) return { file, failOn, changes: [], missing: true, rewrite, warnings: read.warnings };
  const committed = parseContract(committedText, file);
  return { file, failOn, changes: compareContracts(committed, read.document, read.locations), missing: false, rewrite, warnings: read.warnings };
}
