import type { ClassDeclaration, SourceFile } from 'ts-morph';
import { projectFiles, projectPathOf, type ReadFile } from '../ast/constant-strings';
import { parseSource } from '../ast/source';
import { recordedGateways, type Transport } from '../generators/shared/transport';
import { sourceFilesBelow } from '../nest/project-gateways';
import { detectProject, type ProjectInfo } from '../project/detect';
import { diskTree, type Tree } from '../tree/tree';
import { readBootstrap, readWiredAdapter, type Bootstrap, type WiredAdapter } from './bootstrap';
import { readGateways, type Gateway } from './gateways';
import { readModules, type NestModule } from './modules';
import { readPackages, type Packages } from './packages';
import { importOf } from './syntax';

/** Everything the rules read, gathered once: only the files that matter are parsed, without a type checker. */
export interface DoctorProject {
  root: string;
  info: ProjectInfo;
  readFile: ReadFile;
  packages: Packages;
  /** The source files below the source root (project-relative); specs and .d.ts files left out. */
  files: string[];
  text(path: string): string | undefined;
  /** A project file, parsed once (ts-morph, no type checker). */
  parse(path: string): SourceFile | undefined;
  /** The source files whose text matches: a cheap filter before parsing. */
  filesMatching(pattern: RegExp): string[];
  gateways: Gateway[];
  /**
   * The @Module classes of the module files whose text matches, parsed on first use: a rule asks
   * only for the modules that can matter to it (those naming APP_GUARD, say), so a project of
   * thousands of modules is not parsed whole.
   */
  modulesMatching(pattern: RegExp): NestModule[];
  /** The @Module classes of one file. */
  modulesIn(file: string): NestModule[];
  bootstrap: Bootstrap | undefined;
  adapter: WiredAdapter | undefined;
  /** What main.ts installs: ws with a WsAdapter (or a subclass), socket.io otherwise (Nest's default). */
  transport: Transport;
  /** Gateway files ws-scaffold.json records as generated public on purpose (`--no-auth`). */
  publicGatewayFiles: Set<string>;
  /** Where a name a file uses is declared: the file itself, or the project file it is imported from. */
  resolve(from: SourceFile, name: string): { file: string; source: SourceFile; name: string } | undefined;
  /** The class a file names: declared in it, or imported from a project file. */
  classNamed(from: SourceFile, name: string): { file: string; cls: ClassDeclaration } | undefined;
}

export function scanProject(root: string, options: { project?: string } = {}): DoctorProject {
  const tree = diskTree(root);
  const info = detectProject(tree, { project: options.project });
  const readFile = projectFiles(tree);
  const files = sourceFilesBelow(tree, info.sourceRoot).sort();
  const parsed = new Map<string, SourceFile | undefined>();
  const parse = (path: string): SourceFile | undefined => {
    if (!parsed.has(path)) {
      const text = tree.read(path);
      parsed.set(path, text === undefined ? undefined : parseSource(path, text));
    }
    return parsed.get(path);
  };
  const matching = new Map<string, string[]>();
  const filesMatching = (pattern: RegExp): string[] => {
    const key = `${pattern.source}/${pattern.flags}`;
    if (!matching.has(key)) matching.set(key, files.filter((file) => pattern.test(tree.read(file) ?? '')));
    return matching.get(key)!;
  };
  const modules = new Map<string, NestModule[]>();
  const modulesOf = (file: string): NestModule[] => modules.get(file) ?? modules.set(file, readModules(file, parse(file)!)).get(file)!;

  const gateways = filesMatching(/@WebSocketGateway\b/).flatMap((file) => readGateways(file, parse(file)!, readFile));
  const mainSource = tree.exists(info.mainFile) ? parse(info.mainFile) : undefined;
  const bootstrap = mainSource ? readBootstrap(info.mainFile, mainSource) : undefined;
  const adapter = bootstrap ? readWiredAdapter(bootstrap, readFile, parse) : undefined;
  const transport: Transport = adapter?.base === 'WsAdapter' || (!adapter?.base && /WsAdapter$/.test(adapter?.className ?? '')) ? 'ws' : 'socket.io';

  return {
    root,
    info,
    readFile,
    packages: readPackages(tree),
    files,
    text: (path) => tree.read(path),
    parse,
    filesMatching,
    gateways,
    modulesIn: (file) => (tree.exists(file) ? modulesOf(file) : []),
    modulesMatching: (pattern) => filesMatching(/@Module\b/).filter((file) => pattern.test(tree.read(file) ?? '')).flatMap(modulesOf),
    bootstrap,
    adapter,
    transport,
    publicGatewayFiles: publicGateways(tree),
    resolve: (from, name) => resolve(from, name),
    classNamed(from, name) {
      const found = resolve(from, name);
      const cls = found?.source.getClass(found.name);
      return found && cls ? { file: found.file, cls } : undefined;
    },
  };

  function resolve(from: SourceFile, name: string): { file: string; source: SourceFile; name: string } | undefined {
    const file = from.getFilePath().replace(/^\/+/, '');
    const imported = importOf(from, name);
    if (!imported) return { file, source: from, name };
    const path = projectPathOf(file, imported.specifier, readFile);
    const source = path === undefined ? undefined : parse(path);
    return path && source ? { file: path, source, name: imported.name } : undefined;
  }
}

function publicGateways(tree: Tree): Set<string> {
  try {
    return new Set(
      recordedGateways(tree)
        .filter(({ artefact }) => artefact.options.auth === false)
        .flatMap(({ artefact }) => artefact.scaffolded.filter((file) => file.endsWith('.gateway.ts'))),
    );
  } catch {
    // A manifest that cannot be read records nothing; `ws-scaffold check` reports it.
    return new Set();
  }
}
