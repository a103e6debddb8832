import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonc } from '../project/jsonc';
import { schemaProblem, type SchemaNode } from './json-schema';
import { UsageError } from '../errors';
import type { Tree } from '../tree/tree';

export const MANIFEST_FILE = 'ws-scaffold.json';

/** One thing a generator made: enough to plan it again from scratch. */
export interface ManifestArtefact {
  kind: string;
  name: string;
  /** The nest-cli.json project it was generated into, in a monorepo. */
  project?: string;
  options: Record<string, unknown>;
  /** Files ws-scaffold owns completely (header comment); `check` compares them with the templates. */
  owns: string[];
  /** Files written once for the user to edit; only their existence is checked. */
  scaffolded: string[];
  /** What it keeps inside user files: `src/app.module.ts: ChatGateway in providers`. */
  fragments: string[];
}

/** The AsyncAPI contract `check` holds the code to and `sync` rewrites (`ws-scaffold asyncapi --record`). */
export interface ManifestContract {
  /** Project-relative, `.json`, `.yaml` or `.yml`. */
  file: string;
  /** Which contract changes make `check` fail: any (the default) or only breaking ones. */
  failOn?: 'any' | 'breaking';
  /** The nest-cli.json project whose gateways it describes, in a monorepo. */
  project?: string;
}

export interface Manifest {
  $schema?: string;
  /** The ws-scaffold version that last wrote the file. */
  tool: string;
  contract?: ManifestContract;
  artefacts: ManifestArtefact[];
}

/** manifest.schema.json, shipped with the package: every read of the manifest is held to it. */
const MANIFEST_SCHEMA = join(__dirname, '..', '..', 'manifest.schema.json');
let schema: SchemaNode | undefined;

/** The project's manifest, checked against its JSON Schema (an invalid one is an error naming where). */
export function readManifest(tree: Tree): Manifest | undefined {
  const text = tree.read(MANIFEST_FILE);
  if (text === undefined) return undefined;
  const errors: { error: number; offset: number }[] = [];
  const manifest = parseJsonc(text.replace(/^\uFEFF/, ''), errors as never) as Manifest;
  if (errors.length) throw new UsageError(`${MANIFEST_FILE}:${lineOf(text, errors[0].offset)}: not valid JSON; fix it (or delete it and re-run the add commands).`);
  schema ??= JSON.parse(readFileSync(MANIFEST_SCHEMA, 'utf8')) as SchemaNode;
  const problem = schemaProblem(manifest, schema);
  if (problem) throw new UsageError(`${MANIFEST_FILE} does not match its schema at ${problem}; fix it (see manifest.schema.json).`);
  return manifest;
}

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** Adds or replaces the artefact with the same kind, name and project, keeping the order stable. */
export function upsertArtefact(manifest: Manifest | undefined, artefact: ManifestArtefact, tool: string): Manifest {
  const artefacts = [...(manifest?.artefacts ?? [])];
  // A monorepo's apps may each have a `chat` gateway.
  const index = artefacts.findIndex((a) => a.kind === artefact.kind && a.name === artefact.name && a.project === artefact.project);
  if (index === -1) artefacts.push(artefact);
  else artefacts[index] = artefact;
  return { $schema: './node_modules/ws-scaffold/manifest.schema.json', tool, ...(manifest?.contract ? { contract: manifest.contract } : {}), artefacts };
}

/** Records (or replaces) the contract, keeping the artefacts. */
export function withContract(manifest: Manifest | undefined, contract: ManifestContract, tool: string): Manifest {
  return { $schema: manifest?.$schema ?? './node_modules/ws-scaffold/manifest.schema.json', tool, contract, artefacts: manifest?.artefacts ?? [] };
}

export const serialiseManifest = (manifest: Manifest): string => `${JSON.stringify(manifest, null, 2)}\n`;
