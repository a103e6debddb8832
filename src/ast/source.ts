import type { Project, SourceFile } from 'ts-morph';
import { loadTsMorph } from './morph';

let project: Project | undefined;
/** The last text parsed per file: the ensure* helpers often re-read an unchanged file. */
const parsed = new Map<string, { text: string; source: SourceFile }>();

/**
 * Parses one file's text into a ts-morph SourceFile on an in-memory file system. Only the files we
 * touch are ever parsed: no tsconfig, no lib files, no dependency resolution, so a large project
 * costs no more than a small one.
 */
export function parseSource(fileName: string, text: string): SourceFile {
  project ??= new (loadTsMorph().Project)({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, experimentalDecorators: true },
  });
  const virtualPath = '/' + fileName.replace(/^\/+/, '');
  const cached = parsed.get(virtualPath);
  if (cached?.text === text && !cached.source.wasForgotten()) return cached.source;
  const source = project.createSourceFile(virtualPath, text, { overwrite: true });
  parsed.set(virtualPath, { text, source });
  return source;
}

/** 1-based line of a position, for messages that point the user at the right place. */
export function lineOf(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The first syntax error of a file's text (1-based line), or undefined when it parses. */
export function syntaxError(fileName: string, text: string): { line: number; message: string } | undefined {
  const { ts } = loadTsMorph();
  const kind = /\.[cm]?jsx?$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const [first] = (source as unknown as { parseDiagnostics: { start?: number; messageText: string | { messageText: string } }[] }).parseDiagnostics;
  if (!first) return undefined;
  const message = typeof first.messageText === 'string' ? first.messageText : first.messageText.messageText;
  return { line: lineOf(text, first.start ?? 0), message: `syntax error: ${message}` };
}
