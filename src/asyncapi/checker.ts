import { dirname } from 'node:path';
import type * as TsMorph from 'ts-morph';
import { projectPathOf, type ReadFile } from '../ast/constant-strings';
import { loadTsMorph, Node } from '../ast/morph';
import { isTypeDeclaration, pathOf, type ProjectFiles } from './declarations';
import { enumSchema, unionSchema, type CodeLocation, type Schema, type SchemaReader } from './schema';

type ts = typeof TsMorph.ts;
type TsNode = TsMorph.ts.Node;
type TsType = TsMorph.ts.Type;

const LIB_DIR = '/__lib__/';
/** The standard library the checker needs for what handlers return: Promise, Date, arrays, maps. */
const LIBS = [
  'lib.es5.d.ts',
  'lib.decorators.d.ts',
  'lib.decorators.legacy.d.ts',
  'lib.es2015.core.d.ts',
  'lib.es2015.collection.d.ts',
  'lib.es2015.iterable.d.ts',
  'lib.es2015.promise.d.ts',
  'lib.es2015.symbol.d.ts',
  'lib.es2015.symbol.wellknown.d.ts',
];

/**
 * The TypeScript type checker, for what the syntax cannot say: a handler's inferred return type,
 * the type of an emitted payload, `typeof`/`keyof`/mapped types. Its program holds only the
 * project files the gateways reach and a small standard library; packages are not loaded (their
 * types are `any` here), so it is built in milliseconds, once, and only when a type needs it.
 */
export class TypeInference {
  private program: TsMorph.ts.Program | undefined;
  private readonly ts: ts = loadTsMorph().ts;

  constructor(
    private readonly files: ProjectFiles & { text(path: string): string | undefined },
    private readonly roots: string[],
    private readonly reader: SchemaReader,
  ) {}

  private checker(): TsMorph.ts.TypeChecker {
    this.program ??= this.createProgram();
    return this.program.getTypeChecker();
  }

  private createProgram(): TsMorph.ts.Program {
    const ts = this.ts;
    const libs = libTexts();
    const readFile = this.files.readFile;
    const text = (fileName: string): string | undefined => (fileName.startsWith(LIB_DIR) ? libs.get(fileName.slice(LIB_DIR.length)) : this.files.text(fileName.replace(/^\/+/, '')));
    const options: TsMorph.ts.CompilerOptions = {
      noLib: true,
      strict: true,
      experimentalDecorators: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: [],
      noEmit: true,
    };
    const host: TsMorph.ts.CompilerHost = {
      getSourceFile: (fileName, languageVersion) => {
        if (!fileName.startsWith(LIB_DIR)) {
          // The project model's parse, shared: the syntactic reader then finds the files it reads (DTOs)
          // parsed, and the gateways it read are not parsed again.
          return this.files.parse(fileName.replace(/^\/+/, ''))?.compilerNode;
        }
        const content = text(fileName);
        return content === undefined ? undefined : ts.createSourceFile(fileName, content, languageVersion, true);
      },
      getDefaultLibFileName: () => `${LIB_DIR}lib.d.ts`,
      writeFile: () => undefined,
      getCurrentDirectory: () => '/',
      getCanonicalFileName: (fileName) => fileName,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      fileExists: (fileName) => text(fileName) !== undefined,
      readFile: text,
      resolveModuleNameLiterals: (literals, containingFile) =>
        literals.map((literal) => {
          const path = projectPathOf(containingFile.replace(/^\/+/, ''), literal.text, readFile as ReadFile);
          return { resolvedModule: path === undefined ? undefined : { resolvedFileName: `/${path}`, extension: ts.Extension.Ts, isExternalLibraryImport: false } };
        }),
    };
    return ts.createProgram({ rootNames: [...LIBS.map((l) => LIB_DIR + l), ...this.roots.map((r) => `/${r}`)], options, host });
  }

  /** The checker's node for a ts-morph node of the same file (same text, same positions). */
  private tsNode(node: Node): TsNode | undefined {
    const source = this.program?.getSourceFile(`/${pathOf(node.getSourceFile())}`) ?? (this.checker(), this.program!.getSourceFile(`/${pathOf(node.getSourceFile())}`));
    if (!source) return undefined;
    const start = node.getStart();
    const end = node.getEnd();
    const kind = node.getKind();
    let found: TsNode | undefined;
    const visit = (current: TsNode): void => {
      if (found) return;
      if (current.getStart(source) === start && current.getEnd() === end && current.kind === kind) {
        found = current;
        return;
      }
      if (current.pos <= start && end <= current.end) this.ts.forEachChild(current, visit);
    };
    visit(source);
    return found;
  }

  /** A method's return type as TypeScript infers it (declared or not). */
  returnType(method: TsMorph.MethodDeclaration): TsType | undefined {
    const checker = this.checker();
    const node = this.tsNode(method);
    if (!node) return undefined;
    const signature = checker.getSignatureFromDeclaration(node as TsMorph.ts.SignatureDeclaration);
    return signature ? checker.getReturnTypeOfSignature(signature) : undefined;
  }

  /** The type of an expression (an emitted payload, a returned value). */
  typeOf(expression: Node): TsType | undefined {
    const checker = this.checker();
    const node = this.tsNode(expression);
    return node ? checker.getTypeAtLocation(node) : undefined;
  }

  /** The type a type annotation stands for. */
  typeOfTypeNode(typeNode: TsMorph.TypeNode): TsType | undefined {
    const checker = this.checker();
    const node = this.tsNode(typeNode);
    return node ? checker.getTypeFromTypeNode(node as TsMorph.ts.TypeNode) : undefined;
  }

  /** Promise<T>, PromiseLike<T> and Observable<T> as T: what a handler's answer is once settled. */
  settled(type: TsType): TsType {
    const checker = this.checker();
    let current = type;
    for (let i = 0; i < 4; i++) {
      const name = current.getSymbol()?.getName() ?? current.aliasSymbol?.getName();
      const args = (current.flags & this.ts.TypeFlags.Object ? checker.getTypeArguments(current as TsMorph.ts.TypeReference) : undefined) ?? current.aliasTypeArguments;
      if ((name === 'Promise' || name === 'PromiseLike' || name === 'Observable') && args?.[0]) current = args[0];
      else break;
    }
    return current;
  }

  isVoid(type: TsType): boolean {
    const flags = this.ts.TypeFlags;
    if (type.flags & (flags.Void | flags.Undefined | flags.Never)) return true;
    return type.isUnion() && type.types.every((t) => this.isVoid(t));
  }

  /** Whether a type is `any` because its declaration could not be read (a package, an error). */
  isUnknown(type: TsType): boolean {
    return !!(type.flags & this.ts.TypeFlags.Any);
  }

  /** The type of a property of an object type, e.g. `data` of a `{ event, data }` answer. */
  propertyType(type: TsType, name: string): TsType | undefined {
    const property = type.getProperty(name);
    return property ? this.checker().getTypeOfSymbol(property) : undefined;
  }

  /** A checker type as JSON Schema; project classes and interfaces go through the syntactic reader (decorators and all). */
  schemaOf(type: TsType, at: Node | CodeLocation, depth = 0, what = 'this value'): Schema {
    const ts = this.ts;
    const checker = this.checker();
    const flags = type.flags;
    if (depth > 10) return {};
    if (flags & ts.TypeFlags.Any) {
      this.reader.warnAt(this.where(at), `cannot infer the type of ${what} (it comes from a package or is any); it is written as {} (any value)`);
      return {};
    }
    if (flags & ts.TypeFlags.Unknown) return {};
    if (flags & ts.TypeFlags.StringLiteral) return { type: 'string', const: (type as TsMorph.ts.StringLiteralType).value };
    if (flags & ts.TypeFlags.NumberLiteral) {
      const value = (type as TsMorph.ts.NumberLiteralType).value;
      return { type: Number.isInteger(value) ? 'integer' : 'number', const: value };
    }
    if (flags & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', const: checker.typeToString(type) === 'true' };
    if (flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) return { type: 'string' };
    if (flags & ts.TypeFlags.Number) return { type: 'number' };
    if (flags & ts.TypeFlags.BigInt) return { type: 'integer' };
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (flags & ts.TypeFlags.Null) return { type: 'null' };
    if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return {};
    if (flags & ts.TypeFlags.Never) return { not: {} };
    const declared = this.projectDeclaration(type);
    if (declared) return this.reader.componentOf(declared);
    if (type.isUnion()) {
      const members = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
      if (flags & ts.TypeFlags.EnumLiteral || members.every((m) => m.flags & ts.TypeFlags.EnumLiteral)) {
        return enumSchema(members.map((m) => (m as TsMorph.ts.LiteralType).value as string | number));
      }
      return unionSchema(members.map((m) => this.schemaOf(m, at, depth + 1, what)));
    }
    if (type.isIntersection()) return { allOf: type.types.map((t) => this.schemaOf(t, at, depth + 1, what)) };
    if (!(flags & ts.TypeFlags.Object)) return this.unreadable(at, `${what} (${checker.typeToString(type)})`);
    const where = (property: TsMorph.ts.Symbol): Node | CodeLocation => {
      const declaration = property.valueDeclaration;
      if (!declaration || declaration.getSourceFile().fileName.startsWith(LIB_DIR)) return at;
      const source = declaration.getSourceFile();
      return { file: source.fileName.replace(/^\/+/, ''), line: source.getLineAndCharacterOfPosition(declaration.getStart(source)).line + 1 };
    };
    const name = type.getSymbol()?.getName();
    if (name === 'Date') return { type: 'string', format: 'date-time' };
    if (checker.isTupleType(type)) {
      const items = checker.getTypeArguments(type as TsMorph.ts.TypeReference).map((t) => this.schemaOf(t, at, depth + 1, what));
      return { type: 'array', items, minItems: items.length, maxItems: items.length };
    }
    if (checker.isArrayType(type) || name === 'Set' || name === 'ReadonlySet') {
      const [item] = checker.getTypeArguments(type as TsMorph.ts.TypeReference);
      return { type: 'array', items: item ? this.schemaOf(item, at, depth + 1, `the items of ${what}`) : {}, ...(name?.endsWith('Set') ? { uniqueItems: true } : {}) };
    }
    if (name === 'Promise' || name === 'Observable') return this.schemaOf(this.settled(type), at, depth + 1, what);
    if (type.getCallSignatures().length > 0 && type.getProperties().length === 0) return this.unreadable(at, `${what} (a function)`);
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of type.getProperties()) {
      const propertyType = checker.getTypeOfSymbol(property);
      // Methods are not part of the JSON a client gets.
      if (property.flags & ts.SymbolFlags.Method) continue;
      const optional = !!(property.flags & ts.SymbolFlags.Optional) || (propertyType.isUnion() && propertyType.types.some((t) => t.flags & ts.TypeFlags.Undefined));
      properties[property.getName()] = this.schemaOf(propertyType, where(property), depth + 1, `\`${property.getName()}\``);
      if (!optional) required.push(property.getName());
    }
    const index = checker.getIndexInfosOfType(type).find((info) => info.keyType.flags & ts.TypeFlags.String);
    return {
      type: 'object',
      ...(Object.keys(properties).length ? { properties } : {}),
      ...(required.length ? { required } : {}),
      ...(index ? { additionalProperties: this.schemaOf(index.type, at, depth + 1, what) } : {}),
    };
  }

  private unreadable(at: Node | CodeLocation, what: string): Schema {
    this.reader.warnAt(this.where(at), `cannot read the type of ${what}; it is written as {} (any value)`);
    return {};
  }

  private where(at: Node | CodeLocation): CodeLocation {
    return at instanceof Node ? { file: pathOf(at.getSourceFile()), line: at.getStartLineNumber() } : at;
  }

  /** The project's own non-generic class, interface or alias a type is declared as, in ts-morph terms. */
  private projectDeclaration(type: TsType) {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const declaration = symbol?.getDeclarations()?.[0];
    if (!declaration) return undefined;
    const ts = this.ts;
    const file = declaration.getSourceFile().fileName;
    if (file.startsWith(LIB_DIR)) return undefined;
    const isNamed = ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration) || ts.isEnumDeclaration(declaration);
    if (!isNamed || (!ts.isEnumDeclaration(declaration) && declaration.typeParameters?.length)) return undefined;
    if (ts.isTypeAliasDeclaration(declaration) && !type.aliasSymbol) return undefined;
    const source = this.files.parse(file.replace(/^\/+/, ''));
    // Only nodes of the declaration's kind are wrapped, not the whole file.
    const match = source?.getDescendantsOfKind(declaration.kind).find((n) => n.getStart() === declaration.getStart() && n.getEnd() === declaration.getEnd() && isTypeDeclaration(n));
    return match && isTypeDeclaration(match) ? match : undefined;
  }
}

let libs: Map<string, string> | undefined;
/** The lib .d.ts texts ts-morph ships in memory: no file is read for them. */
function libTexts(): Map<string, string> {
  if (!libs) {
    const common = require.resolve('@ts-morph/common', { paths: [dirname(require.resolve('ts-morph'))] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { getLibFiles } = require(common) as { getLibFiles(): { fileName: string; text: string }[] };
    libs = new Map(getLibFiles().filter((l) => LIBS.includes(l.fileName)).map((l) => [l.fileName, l.text]));
  }
  return libs;
}

export { Node };
