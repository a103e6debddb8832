import { classify } from '@angular-devkit/core/src/utils/strings';

export interface PayloadField {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'string[]';
  optional: boolean;
}

/** `text:string`, `roomId:string?`, `count:number`, `tags:string[]`, as the --field rule let them through. */
export function parseFields(specs: readonly string[] = []): PayloadField[] {
  return specs.map((spec) => {
    const [, name, type, optional] = /^([^:]+):(.*?)(\?)?$/.exec(spec)!;
    return { name, type: type as PayloadField['type'], optional: !!optional };
  });
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
