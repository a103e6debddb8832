import type { ClassDeclaration, Decorator, EnumDeclaration, InterfaceDeclaration, PropertyDeclaration, PropertySignature, SourceFile, TypeAliasDeclaration, TypeElementTypes, TypeNode, TypeReferenceNode } from 'ts-morph';
import { constantString } from '../ast/constant-strings';
import { Node, SyntaxKind } from '../ast/morph';
import { unwrap } from '../doctor/syntax';
import { declarationNamed, fileOf, importedName, importedPackage, pathOf, type ProjectFiles, type TypeDeclaration } from './declarations';

/** A JSON Schema (the AsyncAPI Schema Object is a superset of draft 07): plain JSON data. */
export type Schema = { [keyword: string]: unknown };

export interface CodeLocation {
  file: string;
  line: number;
}

/** A type that could not be read: written as `{}` (anything), and said on stderr with its place. */
export interface Warning extends CodeLocation {
  message: string;
}

/** A declared component's place in the code, and its properties' places, for contract findings. */
export interface ComponentOrigin {
  at: CodeLocation;
  properties: Record<string, CodeLocation>;
}

/** An object type as its properties: what Partial, Pick, extends and class-validator work on. */
interface Shape {
  properties: Map<string, { schema: Schema; required: boolean; at: CodeLocation }>;
  additional?: Schema;
}

/** Asks the type checker about a node the syntax alone cannot settle (typeof, keyof, mapped types). */
export type CheckerFallback = (node: TypeNode) => Schema | undefined;

const locationOf = (node: Node): CodeLocation => ({ file: pathOf(node.getSourceFile()), line: node.getStartLineNumber() });

type Substitution = Map<string, TypeNode>;

const NUMBER_TYPES = new Set(['number', 'integer']);

/** TypeScript's keyword types that are a JSON Schema type; made on first use (SyntaxKind is bound once ts-morph loads). */
let keywordTypes: ReadonlyMap<SyntaxKind, string> | undefined;
const keywordType = (kind: SyntaxKind): string | undefined =>
  (keywordTypes ??= new Map([
    [SyntaxKind.StringKeyword, 'string'],
    [SyntaxKind.NumberKeyword, 'number'],
    [SyntaxKind.BigIntKeyword, 'integer'],
    [SyntaxKind.BooleanKeyword, 'boolean'],
    [SyntaxKind.NullKeyword, 'null'],
    [SyntaxKind.ObjectKeyword, 'object'],
  ])).get(kind);

/**
 * Turns TypeScript types and class-validator DTOs into JSON Schema, by reading their declarations:
 * named classes, interfaces, type aliases and enums of the project become components (referenced
 * with $ref), everything else is written inline. What it cannot read becomes `{}` and a warning.
 */
export class SchemaReader {
  readonly components = new Map<string, Schema>();
  readonly origins = new Map<string, ComponentOrigin>();
  readonly warnings: Warning[] = [];
  private readonly names = new Map<Node, string>();
  checkerFallback: CheckerFallback | undefined;

  constructor(readonly files: ProjectFiles) {}

  warn(node: Node, message: string): void {
    this.warnAt(locationOf(node), message);
  }

  warnAt(at: CodeLocation, message: string): void {
    if (!this.warnings.some((w) => w.file === at.file && w.line === at.line && w.message === message)) this.warnings.push({ ...at, message });
  }

  /** `{}` for a type that cannot be read, with a warning naming it. */
  unreadable(node: Node, what = node.getText()): Schema {
    this.warn(node, `cannot read the type ${short(what)}; it is written as {} (any value)`);
    return {};
  }

  /** The schema of a type annotation. `undefined` parts of a union make it optional, not part of the schema. */
  fromTypeNode(node: TypeNode | undefined, substitution: Substitution = new Map()): Schema {
    if (!node) return {};
    return this.typeNode(node, substitution, 0);
  }

  /** Whether a type annotation admits undefined (`T | undefined`, `void`), which makes a field optional. */
  admitsUndefined(node: TypeNode | undefined): boolean {
    if (!node) return false;
    const inner = stripParens(node);
    if (inner.getKind() === SyntaxKind.UndefinedKeyword || inner.getKind() === SyntaxKind.VoidKeyword) return true;
    return Node.isUnionTypeNode(inner) && inner.getTypeNodes().some((t) => this.admitsUndefined(t));
  }

  /** The $ref of a project declaration (a component), built on first use. */
  componentOf(declaration: TypeDeclaration): Schema {
    const known = this.names.get(declaration);
    if (known) return ref(known);
    const name = this.freeName(declaration.getName() ?? 'Anonymous');
    this.names.set(declaration, name);
    // Registered before it is built, so that a recursive type refers to itself.
    this.components.set(name, {});
    const origin: ComponentOrigin = { at: locationOf(declaration), properties: {} };
    this.origins.set(name, origin);
    let schema: Schema;
    if (Node.isEnumDeclaration(declaration)) schema = enumSchema(enumValues(declaration));
    else if (Node.isTypeAliasDeclaration(declaration)) schema = this.typeNode(declaration.getTypeNodeOrThrow(), new Map(), 1);
    else {
      const shape = Node.isClassDeclaration(declaration) ? this.classShape(declaration, 1) : this.interfaceShape(declaration as InterfaceDeclaration, new Map(), 1);
      for (const [property, { at }] of shape.properties) origin.properties[property] = at;
      schema = shapeSchema(shape);
    }
    const description = docOf(declaration);
    this.components.set(name, description ? { ...schema, description } : schema);
    return ref(name);
  }

  private freeName(wanted: string): string {
    const base = wanted.replace(/[^A-Za-z0-9_.-]/g, '_') || 'Anonymous';
    let name = base;
    for (let n = 2; this.components.has(name); n++) name = `${base}_${n}`;
    return name;
  }

  private typeNode(raw: TypeNode, substitution: Substitution, depth: number): Schema {
    const node = stripParens(raw);
    if (depth > 12) return this.unreadable(node);
    const kind = node.getKind();
    const type = keywordType(kind);
    if (type) return { type };
    switch (kind) {
      case SyntaxKind.AnyKeyword:
      case SyntaxKind.UnknownKeyword:
      case SyntaxKind.UndefinedKeyword:
      case SyntaxKind.VoidKeyword:
        return {};
      case SyntaxKind.NeverKeyword:
        return { not: {} };
    }
    if (Node.isLiteralTypeNode(node)) return literalSchema(node.getLiteral());
    if (Node.isTemplateLiteralTypeNode(node)) return { type: 'string' };
    if (Node.isUnionTypeNode(node)) {
      const members = node.getTypeNodes().filter((t) => !this.admitsUndefinedOnly(t));
      return unionSchema(members.map((t) => this.typeNode(t, substitution, depth + 1)));
    }
    if (Node.isIntersectionTypeNode(node)) {
      const shape = this.shapeOfNode(node, substitution, depth);
      return shape ? shapeSchema(shape) : { allOf: node.getTypeNodes().map((t) => this.typeNode(t, substitution, depth + 1)) };
    }
    if (Node.isArrayTypeNode(node)) return { type: 'array', items: this.typeNode(node.getElementTypeNode(), substitution, depth + 1) };
    if (Node.isTupleTypeNode(node)) {
      const items = node.getElements().map((e) => this.typeNode(Node.isNamedTupleMember(e) ? e.getTypeNode() : e, substitution, depth + 1));
      return { type: 'array', items, minItems: items.length, maxItems: items.length };
    }
    if (Node.isTypeOperatorTypeNode(node) && node.getOperator() === SyntaxKind.ReadonlyKeyword) return this.typeNode(node.getTypeNode(), substitution, depth + 1);
    if (Node.isTypeLiteral(node)) return shapeSchema(this.membersShape(node.getMembers(), substitution, depth));
    if (Node.isTypeReference(node)) return this.reference(node, substitution, depth);
    if (Node.isFunctionTypeNode(node)) return this.unreadable(node, 'of a function');
    return this.fromChecker(node);
  }

  private admitsUndefinedOnly(node: TypeNode): boolean {
    const kind = stripParens(node).getKind();
    return kind === SyntaxKind.UndefinedKeyword || kind === SyntaxKind.VoidKeyword;
  }

  private fromChecker(node: TypeNode): Schema {
    return this.checkerFallback?.(node) ?? this.unreadable(node);
  }

  private reference(node: TypeReferenceNode, substitution: Substitution, depth: number): Schema {
    const name = node.getTypeName().getText();
    const args = node.getTypeArguments();
    const substituted = substitution.get(name);
    if (substituted) return this.typeNode(substituted, new Map(), depth + 1);
    const source = node.getSourceFile();
    const declaration = declarationNamed(this.files, source, name);
    if (declaration) {
      const params = Node.isEnumDeclaration(declaration) ? [] : declaration.getTypeParameters();
      if (params.length === 0) return this.componentOf(declaration);
      // A generic declaration is written out for its arguments (defaults where none are given).
      const bound = new Map(params.map((p, i) => [p.getName(), args[i] ?? p.getDefault()] as const).filter((e): e is [string, TypeNode] => e[1] !== undefined));
      if (Node.isTypeAliasDeclaration(declaration)) return this.typeNode(declaration.getTypeNodeOrThrow(), bound, depth + 1);
      const shape = Node.isClassDeclaration(declaration) ? this.classShape(declaration, depth + 1) : this.interfaceShape(declaration as InterfaceDeclaration, bound, depth + 1);
      return shapeSchema(shape);
    }
    const global = importedPackage(source, name) === undefined ? name : importedName(source, name);
    const arg = (i: number) => (args[i] ? this.typeNode(args[i], substitution, depth + 1) : {});
    switch (global) {
      case 'Array':
      case 'ReadonlyArray':
      case 'Set':
      case 'ReadonlySet':
        return { type: 'array', items: arg(0), ...(global.endsWith('Set') ? { uniqueItems: true } : {}) };
      case 'Date':
        return { type: 'string', format: 'date-time' };
      case 'Promise':
      case 'PromiseLike':
      case 'Observable':
      case 'Readonly':
      case 'NonNullable':
        return args[0] ? arg(0) : {};
      case 'Record': {
        const keys = args[0] ? this.typeNode(args[0], substitution, depth + 1) : {};
        const values = arg(1);
        const literalKeys = Array.isArray(keys.enum) ? (keys.enum as unknown[]) : keys.const !== undefined ? [keys.const] : undefined;
        if (literalKeys?.every((k) => typeof k === 'string')) {
          return { type: 'object', properties: Object.fromEntries((literalKeys as string[]).map((k) => [k, values])), required: literalKeys };
        }
        return { type: 'object', additionalProperties: values };
      }
      case 'Partial':
      case 'Required':
      case 'Pick':
      case 'Omit': {
        const shape = this.shapeOfNode(node, substitution, depth);
        return shape ? shapeSchema(shape) : this.fromChecker(node);
      }
      case 'Buffer':
      case 'Uint8Array':
      case 'ArrayBuffer':
        return { type: 'string', format: 'binary' };
      case 'String':
        return { type: 'string' };
      case 'Number':
        return { type: 'number' };
      case 'Boolean':
        return { type: 'boolean' };
      case 'Object':
        return { type: 'object' };
    }
    return this.fromChecker(node);
  }

  /** The properties of an object type node, when it has them: literals, interfaces, classes, utility types, intersections. */
  private shapeOfNode(raw: TypeNode, substitution: Substitution, depth: number): Shape | undefined {
    const node = stripParens(raw);
    if (depth > 12) return undefined;
    if (Node.isTypeLiteral(node)) return this.membersShape(node.getMembers(), substitution, depth);
    if (Node.isIntersectionTypeNode(node)) {
      const parts = node.getTypeNodes().map((t) => this.shapeOfNode(t, substitution, depth + 1));
      return parts.every((p): p is Shape => p !== undefined) ? mergeShapes(parts) : undefined;
    }
    if (!Node.isTypeReference(node)) return undefined;
    const name = node.getTypeName().getText();
    const args = node.getTypeArguments();
    const substituted = substitution.get(name);
    if (substituted) return this.shapeOfNode(substituted, new Map(), depth + 1);
    const declaration = declarationNamed(this.files, node.getSourceFile(), name);
    if (declaration) return this.declarationShape(declaration, args, depth + 1);
    const global = importedPackage(node.getSourceFile(), name) === undefined ? name : undefined;
    const inner = args[0] ? this.shapeOfNode(args[0], substitution, depth + 1) : undefined;
    if (!inner) return undefined;
    if (global === 'Partial') return withRequired(inner, () => false);
    if (global === 'Required') return withRequired(inner, () => true);
    if (global === 'Readonly') return inner;
    if (global === 'Pick' || global === 'Omit') {
      const keys = args[1] ? literalKeys(this.typeNode(args[1], substitution, depth + 1)) : undefined;
      if (!keys) return undefined;
      return { properties: new Map([...inner.properties].filter(([k]) => keys.includes(k) === (global === 'Pick'))), additional: inner.additional };
    }
    return undefined;
  }

  private declarationShape(declaration: TypeDeclaration, args: TypeNode[], depth: number): Shape | undefined {
    if (Node.isEnumDeclaration(declaration)) return undefined;
    const params = declaration.getTypeParameters();
    const bound = new Map(params.map((p, i) => [p.getName(), args[i] ?? p.getDefault()] as const).filter((e): e is [string, TypeNode] => e[1] !== undefined));
    if (Node.isClassDeclaration(declaration)) return this.classShape(declaration, depth);
    if (Node.isInterfaceDeclaration(declaration)) return this.interfaceShape(declaration, bound, depth);
    return this.shapeOfNode(declaration.getTypeNodeOrThrow(), bound, depth + 1);
  }

  private interfaceShape(declaration: InterfaceDeclaration, substitution: Substitution, depth: number): Shape {
    const inherited = declaration
      .getExtends()
      .map((heritage) => {
        const target = declarationNamed(this.files, declaration.getSourceFile(), heritage.getExpression().getText());
        return target ? this.declarationShape(target, heritage.getTypeArguments(), depth + 1) : undefined;
      })
      .filter((s): s is Shape => s !== undefined);
    return mergeShapes([...inherited, this.membersShape(declaration.getMembers(), substitution, depth)]);
  }

  private membersShape(members: TypeElementTypes[], substitution: Substitution, depth: number): Shape {
    const shape: Shape = { properties: new Map() };
    for (const member of members) {
      if (Node.isPropertySignature(member)) {
        const name = propertyName(member);
        if (name === undefined) continue;
        const type = member.getTypeNode();
        shape.properties.set(name, {
          schema: withDoc(type ? this.typeNode(type, substitution, depth + 1) : this.unreadable(member, `of ${member.getName()} (no annotation)`), member),
          required: !member.hasQuestionToken() && !this.admitsUndefined(type),
          at: locationOf(member.getNameNode()),
        });
      } else if (Node.isIndexSignatureDeclaration(member)) {
        const type = member.getReturnTypeNode();
        shape.additional = type ? this.typeNode(type, substitution, depth + 1) : {};
      }
    }
    return shape;
  }

  /**
   * A DTO class: its own and inherited properties (`extends Base`, and the mapped types of
   * @nestjs/mapped-types and @nestjs/swagger: PartialType, PickType, OmitType, IntersectionType),
   * each from its type annotation refined by its class-validator decorators.
   */
  private classShape(cls: ClassDeclaration, depth: number): Shape {
    const parts: Shape[] = [];
    const base = cls.getHeritageClauses().find((h) => h.getToken() === SyntaxKind.ExtendsKeyword)?.getTypeNodes()[0];
    if (base) {
      const inherited = this.heritageShape(base.getExpression(), cls.getSourceFile(), depth + 1);
      if (inherited) parts.push(inherited);
      else this.warn(base, `cannot read the base class ${short(base.getText())} of ${cls.getName() ?? 'a class'}; its fields are left out`);
    }
    const own: Shape = { properties: new Map() };
    for (const property of cls.getProperties()) {
      if (property.isStatic() || property.hasModifier(SyntaxKind.PrivateKeyword) || property.hasModifier(SyntaxKind.ProtectedKeyword)) continue;
      const name = propertyName(property);
      if (name === undefined) continue;
      own.properties.set(name, this.validatedProperty(property, depth));
    }
    parts.push(own);
    return mergeShapes(parts);
  }

  private heritageShape(expression: Node, source: SourceFile, depth: number): Shape | undefined {
    const inner = unwrap(expression);
    if (!inner || depth > 12) return undefined;
    if (Node.isIdentifier(inner) || Node.isPropertyAccessExpression(inner)) {
      const declaration = declarationNamed(this.files, source, inner.getText());
      return declaration && Node.isClassDeclaration(declaration) ? this.classShape(declaration, depth + 1) : undefined;
    }
    if (!Node.isCallExpression(inner)) return undefined;
    const callee = importedName(source, inner.getExpression().getText());
    const [first, second] = inner.getArguments();
    const from = first ? this.heritageShape(first, source, depth + 1) : undefined;
    if (!from) return undefined;
    if (callee === 'PartialType') return withRequired(from, () => false);
    if (callee === 'PickType' || callee === 'OmitType') {
      const keys = arrayOfStrings(second);
      if (!keys) return undefined;
      return { properties: new Map([...from.properties].filter(([k]) => keys.includes(k) === (callee === 'PickType'))) };
    }
    if (callee === 'IntersectionType') {
      const rest = inner.getArguments().slice(1).map((a) => this.heritageShape(a, source, depth + 1));
      return rest.every((s): s is Shape => s !== undefined) ? mergeShapes([from, ...rest]) : undefined;
    }
    return undefined;
  }

  private validatedProperty(property: PropertyDeclaration, depth: number): { schema: Schema; required: boolean; at: CodeLocation } {
    const type = property.getTypeNode();
    const decorators = new Map(property.getDecorators().map((d) => [importedName(property.getSourceFile(), d.getName()), d] as const));
    const nestedClass = typeDecoratorClass(decorators.get('Type'), this.files);
    let schema: Schema;
    if (nestedClass && (!type || this.isUnreadableAnnotation(type))) {
      const nested = this.componentOf(nestedClass);
      schema = decorators.has('IsArray') || (type && Node.isArrayTypeNode(stripParens(type))) ? { type: 'array', items: nested } : nested;
    } else if (type) {
      schema = this.typeNode(type, new Map(), depth + 1);
    } else {
      const initializer = property.getInitializer();
      schema = initializer ? literalSchemaOf(initializer) ?? {} : {};
      if (!initializer && decorators.size === 0) this.unreadable(property, `of ${property.getName()} (no annotation)`);
    }
    schema = applyValidators(schema, decorators, this);
    const optional = decorators.has('IsOptional') || property.hasQuestionToken() || this.admitsUndefined(type);
    const required = decorators.has('IsDefined') || !optional;
    return { schema: withDoc(schema, property), required, at: locationOf(property.getNameNode()) };
  }

  private isUnreadableAnnotation(type: TypeNode): boolean {
    const inner = stripParens(Node.isArrayTypeNode(stripParens(type)) ? (stripParens(type) as unknown as { getElementTypeNode(): TypeNode }).getElementTypeNode() : type);
    return inner.getKind() === SyntaxKind.AnyKeyword || inner.getKind() === SyntaxKind.UnknownKeyword || inner.getKind() === SyntaxKind.ObjectKeyword;
  }

  /** The values an `IsEnum(E)` / `IsIn(Object.values(E))` argument names: an enum or a const object. */
  valuesOf(node: Node | undefined): unknown[] | undefined {
    const value = unwrap(node);
    if (!value) return undefined;
    if (Node.isArrayLiteralExpression(value)) {
      const items = value.getElements().map((e) => literalValue(e, this.files));
      return items.every((i) => i !== undefined) ? items : undefined;
    }
    if (Node.isCallExpression(value) && /^Object\.values$/.test(value.getExpression().getText())) return this.valuesOf(value.getArguments()[0]);
    if (Node.isIdentifier(value) || Node.isPropertyAccessExpression(value)) {
      const declaration = declarationNamed(this.files, value.getSourceFile(), value.getText());
      if (declaration && Node.isEnumDeclaration(declaration)) return enumValues(declaration);
      const object = constObject(value, this.files);
      if (object) {
        const items = object.getProperties().map((p) => (Node.isPropertyAssignment(p) ? literalValue(p.getInitializer(), this.files) : undefined));
        return items.every((i) => i !== undefined) ? items : undefined;
      }
    }
    return undefined;
  }
}

/** class-validator's type decorators: the type they say, and a format. */
const TYPE_DECORATORS: ReadonlyMap<string, { type: string; format?: string }> = new Map([
  ['IsString', { type: 'string' }],
  ['IsNumber', { type: 'number' }],
  ['IsInt', { type: 'integer' }],
  ['IsBoolean', { type: 'boolean' }],
  ['IsObject', { type: 'object' }],
  ['IsDate', { type: 'string', format: 'date-time' }],
  ['IsDateString', { type: 'string', format: 'date-time' }],
  ['IsISO8601', { type: 'string', format: 'date-time' }],
  ['IsEmail', { type: 'string', format: 'email' }],
  ['IsUrl', { type: 'string', format: 'uri' }],
  ['IsUUID', { type: 'string', format: 'uuid' }],
]);

/** Decorators whose number argument is a keyword's value: `@MaxLength(80)` is `maxLength: 80`. */
const NUMBER_DECORATORS: ReadonlyMap<string, string> = new Map([
  ['MinLength', 'minLength'],
  ['MaxLength', 'maxLength'],
  ['Min', 'minimum'],
  ['Max', 'maximum'],
]);

/** The same for an array's size: it applies to the array itself, `{ each: true }` or not. */
const ARRAY_SIZE_DECORATORS: ReadonlyMap<string, string> = new Map([
  ['ArrayMinSize', 'minItems'],
  ['ArrayMaxSize', 'maxItems'],
]);

/** class-validator's decorators as JSON Schema keywords; `{ each: true }` applies them to an array's items. */
function applyValidators(input: Schema, decorators: Map<string, Decorator>, reader: SchemaReader): Schema {
  let schema = { ...input };
  const isArray = schema.type === 'array' || decorators.has('IsArray');
  let items: Schema = isArray && typeof schema.items === 'object' && !Array.isArray(schema.items) ? { ...(schema.items as Schema) } : {};
  const number = (d: Decorator, i = 0): number | undefined => {
    const arg = unwrap(d.getArguments()[i]);
    if (!arg) return undefined;
    if (Node.isNumericLiteral(arg)) return Number(arg.getLiteralValue());
    if (Node.isPrefixUnaryExpression(arg) && arg.getOperatorToken() === SyntaxKind.MinusToken && Node.isNumericLiteral(arg.getOperand())) return -Number(arg.getOperand().getText());
    const constant = literalValue(arg, reader.files);
    return typeof constant === 'number' ? constant : undefined;
  };
  for (const [name, decorator] of decorators) {
    const each = hasEach(decorator);
    const target: Schema = each && isArray ? items : schema;
    const set = (keywords: Schema) => Object.assign(target, keywords);
    const typed = (type: string, extra: Schema = {}) => {
      if (target.type === undefined || target.type === type || (type === 'integer' && target.type === 'number') || Object.keys(target).length === 0) set({ type, ...extra });
      else set(extra);
    };
    const typeKeywords = TYPE_DECORATORS.get(name);
    const numberKeyword = NUMBER_DECORATORS.get(name);
    const sizeKeyword = ARRAY_SIZE_DECORATORS.get(name);
    if (typeKeywords) {
      const { type, ...extra } = typeKeywords;
      typed(type, extra);
    } else if (numberKeyword) {
      const n = number(decorator);
      if (n !== undefined) set({ [numberKeyword]: n });
    } else if (sizeKeyword) {
      const n = number(decorator);
      if (n !== undefined && schema.type === 'array') schema[sizeKeyword] = n;
    }
    // The others: each its own.
    switch (name) {
      case 'IsArray':
        if (schema.type !== 'array') schema = { type: 'array', items: Object.keys(schema).length ? schema : {} };
        break;
      case 'IsNotEmpty':
        if (target.type === 'string') set({ minLength: Math.max(1, Number(target.minLength ?? 0)) });
        else if (target.type === 'array') set({ minItems: Math.max(1, Number(target.minItems ?? 0)) });
        break;
      case 'Length': {
        const [min, max] = [number(decorator, 0), number(decorator, 1)];
        if (min !== undefined) set({ minLength: min });
        if (max !== undefined) set({ maxLength: max });
        break;
      }
      case 'IsPositive':
        set({ exclusiveMinimum: 0 });
        break;
      case 'IsNegative':
        set({ exclusiveMaximum: 0 });
        break;
      case 'Matches': {
        const pattern = regexSource(decorator.getArguments()[0], reader.files);
        if (pattern !== undefined) set({ pattern });
        break;
      }
      case 'IsIn':
      case 'IsEnum': {
        const values = reader.valuesOf(decorator.getArguments()[0]);
        if (values) Object.assign(target, enumSchema(values));
        else reader.warn(decorator, `cannot read the values of @${name}(...); the field's schema has no enum`);
        break;
      }
      case 'Equals': {
        const value = literalValue(decorator.getArguments()[0], reader.files);
        if (value !== undefined) set({ const: value });
        break;
      }
      case 'ArrayNotEmpty':
        if (schema.type === 'array') schema.minItems = Math.max(1, Number(schema.minItems ?? 0));
        break;
      case 'ArrayUnique':
        if (schema.type === 'array') schema.uniqueItems = true;
        break;
    }
    if (each && isArray && schema.type === 'array') {
      schema.items = items;
      items = schema.items as Schema;
    }
  }
  return refWithKeywords(schema);
}

/**
 * A $ref takes no sibling keywords in draft 07: a type or enum a decorator repeats is dropped (the
 * referenced schema says it), other constraints wrap the reference in allOf.
 */
function refWithKeywords(schema: Schema): Schema {
  if (typeof schema.$ref !== 'string') return schema;
  const { $ref, type: _type, enum: _enum, ...rest } = schema;
  return Object.keys(rest).length === 0 ? { $ref } : { allOf: [{ $ref }], ...rest };
}

const hasEach = (decorator: Decorator): boolean =>
  decorator.getArguments().some((arg) => {
    const object = unwrap(arg);
    if (!object || !Node.isObjectLiteralExpression(object)) return false;
    const each = object.getProperty('each');
    return !!each && Node.isPropertyAssignment(each) && each.getInitializer()?.getKind() === SyntaxKind.TrueKeyword;
  });

/** `@Type(() => ItemDto)`: the class, when it is the project's. */
function typeDecoratorClass(decorator: Decorator | undefined, files: ProjectFiles): ClassDeclaration | undefined {
  const arrow = unwrap(decorator?.getArguments()[0]);
  if (!arrow || !Node.isArrowFunction(arrow)) return undefined;
  const body = unwrap(arrow.getBody());
  if (!body || !(Node.isIdentifier(body) || Node.isPropertyAccessExpression(body))) return undefined;
  const declaration = declarationNamed(files, arrow.getSourceFile(), body.getText());
  return declaration && Node.isClassDeclaration(declaration) ? declaration : undefined;
}

/** A regex argument's source: a literal, `new RegExp('...')`, or a const holding one. */
function regexSource(node: Node | undefined, files: ProjectFiles, depth = 0): string | undefined {
  const value = unwrap(node);
  if (!value || depth > 4) return undefined;
  if (Node.isRegularExpressionLiteral(value)) {
    const text = value.getText();
    return text.slice(1, text.lastIndexOf('/'));
  }
  if (Node.isNewExpression(value) && value.getExpression().getText() === 'RegExp') return constantString(value.getArguments()[0], files.readFile);
  if (Node.isIdentifier(value)) {
    const local = value.getSourceFile().getVariableDeclaration(value.getText());
    if (local) return regexSource(local.getInitializer(), files, depth + 1);
    const imported = importTarget(value.getSourceFile(), value.getText(), files);
    return imported ? regexSource(imported.getVariableDeclaration(importedName(value.getSourceFile(), value.getText()))?.getInitializer(), files, depth + 1) : undefined;
  }
  return undefined;
}

function importTarget(source: SourceFile, local: string, files: ProjectFiles): SourceFile | undefined {
  for (const declaration of source.getImportDeclarations()) {
    if (!declaration.getNamedImports().some((i) => (i.getAliasNode()?.getText() ?? i.getName()) === local)) continue;
    return fileOf(files, source, declaration.getModuleSpecifierValue());
  }
  return undefined;
}

/** The const object a name holds (`const Side = { Buy: 'buy' } as const`), here or imported. */
function constObject(node: Node, files: ProjectFiles) {
  const source = node.getSourceFile();
  const name = node.getText();
  const declaration = source.getVariableDeclaration(name) ?? importTarget(source, name, files)?.getVariableDeclaration(importedName(source, name));
  const initializer = unwrap(declaration?.getInitializer());
  return initializer && Node.isObjectLiteralExpression(initializer) ? initializer : undefined;
}

/** A string, number or boolean an expression stands for (constants followed as `check` does). */
function literalValue(node: Node | undefined, files: ProjectFiles): string | number | boolean | undefined {
  const value = unwrap(node);
  if (!value) return undefined;
  if (Node.isNumericLiteral(value)) return Number(value.getLiteralValue());
  if (Node.isPrefixUnaryExpression(value) && value.getOperatorToken() === SyntaxKind.MinusToken && Node.isNumericLiteral(value.getOperand())) return -Number(value.getOperand().getText());
  if (value.getKind() === SyntaxKind.TrueKeyword) return true;
  if (value.getKind() === SyntaxKind.FalseKeyword) return false;
  const enumMember = Node.isPropertyAccessExpression(value) ? enumMemberValue(value, files) : undefined;
  if (enumMember !== undefined) return enumMember;
  return constantString(value, files.readFile);
}

function enumMemberValue(access: Node & { getExpression(): Node; getName(): string }, files: ProjectFiles): string | number | undefined {
  const declaration = declarationNamed(files, access.getSourceFile(), access.getExpression().getText());
  if (!declaration || !Node.isEnumDeclaration(declaration)) return undefined;
  const index = declaration.getMembers().findIndex((m) => m.getName() === access.getName());
  return index === -1 ? undefined : enumValues(declaration)[index];
}

function arrayOfStrings(node: Node | undefined): string[] | undefined {
  const value = unwrap(node);
  if (!value || !Node.isArrayLiteralExpression(value)) return undefined;
  const items = value.getElements().map((e) => constantString(e));
  return items.every((i): i is string => i !== undefined) ? items : undefined;
}

/** An enum's values: initialisers, or numbers counting on from the last one. */
export function enumValues(declaration: EnumDeclaration): (string | number)[] {
  let next = 0;
  return declaration.getMembers().map((member) => {
    const value = member.getValue();
    if (typeof value === 'number') next = value + 1;
    else if (value === undefined) return next++;
    return value;
  });
}

export function enumSchema(values: unknown[]): Schema {
  const types = [...new Set(values.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)))];
  const type = types.length === 1 ? types[0] : types.every((t) => NUMBER_TYPES.has(t)) ? 'number' : undefined;
  return { ...(type ? { type } : {}), enum: values };
}

function literalSchema(literal: Node): Schema {
  if (Node.isStringLiteral(literal) || Node.isNoSubstitutionTemplateLiteral(literal)) return { type: 'string', const: literal.getLiteralValue() };
  if (Node.isNumericLiteral(literal)) return { type: Number.isInteger(Number(literal.getLiteralValue())) ? 'integer' : 'number', const: Number(literal.getLiteralValue()) };
  if (Node.isPrefixUnaryExpression(literal)) return { type: 'number', const: -Number(literal.getOperand().getText()) };
  if (literal.getKind() === SyntaxKind.TrueKeyword) return { type: 'boolean', const: true };
  if (literal.getKind() === SyntaxKind.FalseKeyword) return { type: 'boolean', const: false };
  if (literal.getKind() === SyntaxKind.NullKeyword) return { type: 'null' };
  return {};
}

function literalSchemaOf(initializer: Node): Schema | undefined {
  const value = unwrap(initializer);
  if (!value) return undefined;
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) return { type: 'string' };
  if (Node.isNumericLiteral(value)) return { type: 'number' };
  if (value.getKind() === SyntaxKind.TrueKeyword || value.getKind() === SyntaxKind.FalseKeyword) return { type: 'boolean' };
  return undefined;
}

/**
 * A union, simplified as a reader expects it: literals of one type become an `enum`, `true | false`
 * is `boolean`, `T | null` keeps T's schema with null allowed, anything else is `anyOf`.
 */
export function unionSchema(members: Schema[]): Schema {
  const unique: Schema[] = [];
  for (const member of members) if (!unique.some((u) => JSON.stringify(u) === JSON.stringify(member))) unique.push(member);
  if (unique.some((m) => Object.keys(m).length === 0)) return {};
  if (unique.length === 1) return unique[0];
  const consts = unique.filter((m) => 'const' in m && Object.keys(m).length === 2);
  if (consts.length === unique.length) {
    const values = consts.map((m) => m.const);
    if (values.length === 2 && values.includes(true) && values.includes(false)) return { type: 'boolean' };
    return enumSchema(values);
  }
  const nullable = unique.filter((m) => m.type === 'null');
  const rest = unique.filter((m) => m.type !== 'null');
  if (nullable.length && rest.length === 1 && typeof rest[0].type === 'string' && !('$ref' in rest[0])) {
    const enumValues = Array.isArray(rest[0].enum) ? { enum: [...(rest[0].enum as unknown[]), null] } : {};
    return { ...rest[0], type: [rest[0].type, 'null'], ...enumValues };
  }
  return { anyOf: unique };
}

function mergeShapes(shapes: Shape[]): Shape {
  const merged: Shape = { properties: new Map() };
  for (const shape of shapes) {
    for (const [name, property] of shape.properties) merged.properties.set(name, property);
    if (shape.additional) merged.additional = shape.additional;
  }
  return merged;
}

const withRequired = (shape: Shape, required: (name: string) => boolean): Shape => ({
  properties: new Map([...shape.properties].map(([k, v]) => [k, { ...v, required: required(k) }])),
  additional: shape.additional,
});

function shapeSchema(shape: Shape): Schema {
  const properties = Object.fromEntries([...shape.properties].map(([name, { schema }]) => [name, schema]));
  const required = [...shape.properties].filter(([, p]) => p.required).map(([name]) => name);
  return {
    type: 'object',
    ...(shape.properties.size ? { properties } : {}),
    ...(required.length ? { required } : {}),
    ...(shape.additional ? { additionalProperties: shape.additional } : {}),
  };
}

function literalKeys(schema: Schema): string[] | undefined {
  const keys = Array.isArray(schema.enum) ? schema.enum : schema.const !== undefined ? [schema.const] : undefined;
  return keys?.every((k) => typeof k === 'string') ? (keys as string[]) : undefined;
}

function propertyName(member: PropertySignature | PropertyDeclaration): string | undefined {
  const name = member.getNameNode();
  if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return Node.isPrivateIdentifier(name) ? undefined : name.getText();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralValue();
  if (Node.isNumericLiteral(name)) return name.getLiteralValue().toString();
  if (Node.isComputedPropertyName(name)) return constantString(name.getExpression());
  return undefined;
}

const stripParens = (node: TypeNode): TypeNode => {
  let inner: TypeNode = node;
  while (Node.isParenthesizedTypeNode(inner)) inner = inner.getTypeNode();
  return inner;
};

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** The first paragraph of a declaration's JSDoc, as the schema's description. */
function docOf(node: Node): string | undefined {
  const docs = (node as unknown as { getJsDocs?(): { getDescription(): string }[] }).getJsDocs?.() ?? [];
  const text = docs.map((d) => d.getDescription().trim()).filter(Boolean).join('\n\n');
  return text ? text.replace(/\r\n/g, '\n') : undefined;
}

function withDoc(schema: Schema, node: Node): Schema {
  const description = docOf(node);
  if (!description) return schema;
  // A $ref with siblings is not allowed in draft 07: the description wraps it.
  return '$ref' in schema ? { allOf: [schema], description } : { ...schema, description };
}

const short = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
};

export type { ClassDeclaration, InterfaceDeclaration, TypeAliasDeclaration };
