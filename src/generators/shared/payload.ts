import { classify } from '@angular-devkit/core/src/utils/strings';
import type { ImportRequest } from '../../ast/ensure-import';
import { parseSnippet } from '../../ast/snippet';
import type { PlanContext } from '../../engine/generator';

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

/** An event map entry as ensureInterfaceMember takes it. */
export interface MapEntry {
  member: string;
  imports: ImportRequest[];
  /** The entry as template v2 wrote it (an ack without WsFailure), which still counts as this one. */
  accepted: string[];
}

/** An event map entry from templates/event/map-entry.ts.ejs: `key: (payload: Dto, ack: (answer: Ack | WsFailure) => void) => void;`. */
export function mapEntry(render: PlanContext<unknown>['render'], entry: { key: string; payload: string; answer?: string; failureImport?: string }): MapEntry {
  const { code, imports } = parseSnippet(render('event/map-entry.ts.ejs', entry));
  const older = entry.failureImport ? [parseSnippet(render('event/map-entry.ts.ejs', { ...entry, failureImport: undefined })).code] : [];
  return { member: code, imports, accepted: older.filter((member) => member !== code) };
}
