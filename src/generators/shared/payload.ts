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

/** `chat:send` on the Chat gateway: `ChatSend` (no doubled prefix); `typing`: `Typing`. */
export function eventTypeName(base: string, event: string): string {
  const pascal = classify(event.replace(/[:.]/g, '-'));
  return pascal.startsWith(base) ? pascal : `${base}${pascal}`;
}

export const handlerName = (event: string): string => `handle${classify(event.replace(/[:.]/g, '-'))}`;

/** An event map key: bare when it is an identifier, quoted otherwise. */
export const mapKey = (event: string, quote: string): string => (/^[A-Za-z_$][\w$]*$/.test(event) ? event : `${quote}${event}${quote}`);
