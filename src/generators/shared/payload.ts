import { classify } from '@angular-devkit/core/src/utils/strings';
import { UsageError } from '../../errors';

/** Event names socket.io or Nest use themselves: a handler for them would never run, or break the client. */
export const RESERVED_EVENTS = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'exception', 'newListener', 'removeListener'];

export interface PayloadField {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'string[]';
  optional: boolean;
}

export function validateEventName(event: string): string {
  const name = event.trim();
  if (RESERVED_EVENTS.includes(name)) {
    throw new UsageError(`"${name}" is a reserved event name (${RESERVED_EVENTS.join(', ')}): socket.io or Nest use it themselves; choose another, e.g. "chat:${name}".`);
  }
  if (!/^[A-Za-z][\w:.-]*$/.test(name)) {
    throw new UsageError(`"${event}" is not a valid event name: use letters, digits, :, ., - or _, starting with a letter (e.g. typing or chat:send).`);
  }
  return name;
}

/** `text:string`, `roomId:string?`, `count:number`, `tags:string[]`. */
export function parseFields(specs: readonly string[] = []): PayloadField[] {
  const fields = specs.map((spec) => {
    const match = /^([A-Za-z_$][\w$]*):(string|number|boolean|string\[\])(\?)?$/.exec(spec.replace(/\s+/g, ''));
    if (!match) throw new UsageError(`--field ${spec}: expected name:type with type string, number, boolean or string[], and ? for optional (e.g. roomId:string?).`);
    return { name: match[1], type: match[2] as PayloadField['type'], optional: !!match[3] };
  });
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field.name)) throw new UsageError(`--field ${field.name} is given twice.`);
    seen.add(field.name);
  }
  return fields;
}

/** The class-validator decorators for each field type. */
const VALIDATORS: Record<PayloadField['type'], string[]> = {
  string: ['IsString()', 'MaxLength(2000)'],
  number: ['IsNumber()'],
  boolean: ['IsBoolean()'],
  'string[]': ['IsArray()', 'IsString({ each: true })', 'ArrayMaxSize(100)'],
};

export function validatorImports(fields: readonly PayloadField[]): string[] {
  const names = fields.flatMap((f) => [...(f.optional ? ['IsOptional()'] : f.type === 'string' ? ['IsNotEmpty()'] : []), ...VALIDATORS[f.type]]);
  return [...new Set(names.map((d) => d.slice(0, d.indexOf('('))))].sort();
}

/** The DTO class, validated field by field; unknown fields are refused by the gateway's pipe. */
export function dtoClass(name: string, event: string, fields: readonly PayloadField[]): string {
  const body = fields.map((f) => {
    const decorators = [...(f.optional ? ['IsOptional()'] : f.type === 'string' ? ['IsNotEmpty()'] : []), ...VALIDATORS[f.type]];
    return `${decorators.map((d) => `  @${d}`).join('\n')}\n  ${f.name}${f.optional ? '?' : '!'}: ${f.type};`;
  });
  return `/** Payload of the '${event}' event; validated, and unknown fields are refused. */\nexport class ${name} {${body.length ? `\n${body.join('\n\n')}\n` : ''}}`;
}

/** `chat:send` on the Chat gateway: `ChatSend` (no doubled prefix); `typing`: `Typing`. */
export function eventTypeName(base: string, event: string): string {
  const pascal = classify(event.replace(/[:.]/g, '-'));
  return pascal.startsWith(base) ? pascal : `${base}${pascal}`;
}

export const handlerName = (event: string): string => `handle${classify(event.replace(/[:.]/g, '-'))}`;

/** An event map key: bare when it is an identifier, quoted otherwise. */
export const mapKey = (event: string, quote: string): string => (/^[A-Za-z_$][\w$]*$/.test(event) ? event : `${quote}${event}${quote}`);
