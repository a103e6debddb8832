import type { AsyncApiDocument } from './document';
import type { CodeLocation } from './schema';

/** breaking: a client written against the committed contract can fail; compatible: it cannot. */
export type Classification = 'breaking' | 'compatible';

export interface ContractChange {
  classification: Classification;
  /** The event (message name) it concerns, or the channel address for a channel of its own. */
  event: string;
  /** Where in the document: a JSON pointer, valid in the committed contract for what was removed, in the new one otherwise. */
  pointer: string;
  message: string;
  /** Where in the code, when the code still has it. */
  location?: CodeLocation;
}

type Json = { [key: string]: unknown };
/** input: clients send it, the server must keep accepting it; output: the server sends it, clients read it. */
type Direction = 'input' | 'output';
type Effect = 'narrowed' | 'widened' | 'changed';

interface OperationView {
  id: string;
  action: string;
  address: string;
  event: string;
  message: { pointer: string; value: Json } | undefined;
  reply: { pointer: string; value: Json } | undefined;
  security: string;
}

/**
 * Compares the committed contract with the document the code makes now, operation by operation
 * (matched by action, channel address and event, not by generated ids), and classifies each
 * difference from the client's side: what clients send may only be accepted more widely, what
 * they receive only more narrowly; removing an event or an ack breaks them, adding one does not.
 */
export function compareContracts(committed: AsyncApiDocument, current: AsyncApiDocument, locations: Map<string, CodeLocation>): ContractChange[] {
  const changes: ContractChange[] = [];
  const seen = new Set<string>();
  const add = (change: ContractChange): void => {
    const key = `${change.pointer}\u0000${change.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    changes.push({ ...change, ...(change.location ? {} : locate(change.pointer, locations)) });
  };
  const before = operationsOf(committed);
  const after = operationsOf(current);
  const keyOf = (op: OperationView) => `${op.action}\u0000${op.address}\u0000${op.event}`;
  const afterByKey = new Map(after.map((op) => [keyOf(op), op]));
  const beforeByKey = new Map(before.map((op) => [keyOf(op), op]));
  const channelAt = (address: string) => after.find((op) => op.address === address);

  for (const old of before) {
    const now = afterByKey.get(keyOf(old));
    const label = `'${old.event}' on ${old.address}`;
    if (!now) {
      const sibling = channelAt(old.address);
      add({
        classification: 'breaking',
        event: old.event,
        pointer: `/operations/${escape(old.id)}`,
        message: old.action === 'receive' ? `${label} is gone: clients that send it get no handler` : `${label} is no longer sent: clients that listen for it wait in vain`,
        ...(sibling ? { location: locations.get(`/channels/${sibling.message?.pointer.split('/')[2] ?? ''}`) } : {}),
      });
      continue;
    }
    const direction: Direction = old.action === 'receive' ? 'input' : 'output';
    if (old.message && now.message) {
      diffSchema(committed, current, old.message.value.payload, now.message.value.payload, direction, `${now.message.pointer}/payload`, (c) => add({ ...c, event: old.event }), new Set(), `${label}: `);
    }
    if (old.reply && !now.reply) {
      add({ classification: 'breaking', event: old.event, pointer: `/operations/${escape(now.id)}/reply`, message: `${label} no longer answers (its ack or reply is gone): clients that wait for it time out`, location: locations.get(`/operations/${escape(now.id)}`) });
    } else if (!old.reply && now.reply) {
      add({ classification: 'compatible', event: old.event, pointer: `/operations/${escape(now.id)}/reply`, message: `${label} now answers (an ack or reply was added)` });
    } else if (old.reply && now.reply) {
      const namedBefore = old.reply.value.name;
      const namedAfter = now.reply.value.name;
      if (namedBefore !== namedAfter) {
        add({ classification: 'breaking', event: old.event, pointer: `${now.reply.pointer}/name`, message: `${label}: the reply is now ${namedAfter === undefined ? 'the ack' : `'${String(namedAfter)}'`} instead of ${namedBefore === undefined ? 'the ack' : `'${String(namedBefore)}'`}`, location: locations.get(`/operations/${escape(now.id)}/reply`) });
      } else {
        diffSchema(committed, current, old.reply.value.payload, now.reply.value.payload, 'output', `${now.reply.pointer}/payload`, (c) => add({ ...c, event: old.event }), new Set(), `${label}, its ${namedAfter === undefined ? 'ack' : 'reply'}: `);
      }
    }
    if (old.security !== now.security) {
      const stricter = now.security !== '' && old.security === '';
      add({
        classification: stricter || (old.security !== '' && now.security !== '') ? 'breaking' : 'compatible',
        event: old.event,
        pointer: `/operations/${escape(now.id)}/security`,
        message: stricter ? `${label} now requires authentication at the handshake` : now.security === '' ? `${label} no longer requires authentication` : `${label} requires another credential`,
        location: locations.get(`/operations/${escape(now.id)}`),
      });
    }
  }
  for (const now of after) {
    if (beforeByKey.has(keyOf(now))) continue;
    add({
      classification: 'compatible',
      event: now.event,
      pointer: `/operations/${escape(now.id)}`,
      message: now.action === 'receive' ? `'${now.event}' on ${now.address} is new: clients may send it` : `'${now.event}' on ${now.address} is new: the server sends it`,
      location: locations.get(`/operations/${escape(now.id)}`),
    });
  }
  return changes;
}

function operationsOf(document: AsyncApiDocument): OperationView[] {
  const operations = (document.operations ?? {}) as Record<string, Json>;
  const views: OperationView[] = [];
  for (const [id, operation] of Object.entries(operations)) {
    if (!isObject(operation)) continue;
    const channelPointer = refOf(operation.channel);
    const channel = channelPointer ? (resolvePointer(document, channelPointer) as Json | undefined) : undefined;
    const address = channel && typeof channel.address === 'string' ? channel.address : channel?.address === null ? '(dynamic)' : (channelPointer ?? '?');
    const messagePointer = Array.isArray(operation.messages) ? refOf(operation.messages[0]) : undefined;
    const message = messagePointer ? (resolvePointer(document, messagePointer) as Json | undefined) : undefined;
    const reply = isObject(operation.reply) && Array.isArray(operation.reply.messages) ? refOf(operation.reply.messages[0]) : undefined;
    const replyMessage = reply ? (resolvePointer(document, reply) as Json | undefined) : undefined;
    const security = Array.isArray(operation.security) ? operation.security.map((s) => refOf(s) ?? JSON.stringify(s)).sort().join(',') : '';
    views.push({
      id,
      action: String(operation.action),
      address,
      event: message && typeof message.name === 'string' ? message.name : (messagePointer?.split('/').pop() ?? id),
      message: message && messagePointer ? { pointer: messagePointer.slice(1), value: message } : undefined,
      reply: replyMessage && reply ? { pointer: reply.slice(1), value: replyMessage } : undefined,
      security,
    });
  }
  return views;
}

/**
 * The differences between two schemas and what each does to the set of values it admits, then
 * classified by direction. Named components are followed (`$ref`), each pair once.
 */
function diffSchema(
  docBefore: AsyncApiDocument,
  docAfter: AsyncApiDocument,
  rawBefore: unknown,
  rawAfter: unknown,
  direction: Direction,
  pointer: string,
  report: (change: Omit<ContractChange, 'event'> & { event?: string }) => void,
  visited: Set<string>,
  label: string,
): void {
  let before = rawBefore;
  let after = rawAfter;
  let at = pointer;
  for (let i = 0; i < 8 && (isRef(before) || isRef(after)); i++) {
    const refBefore = isRef(before) ? before.$ref : undefined;
    const refAfter = isRef(after) ? after.$ref : undefined;
    const key = `${refBefore}|${refAfter}|${direction}`;
    if (visited.has(key)) return;
    visited.add(key);
    if (refBefore) before = resolvePointer(docBefore, refBefore);
    if (refAfter) {
      after = resolvePointer(docAfter, refAfter);
      at = refAfter.slice(1);
    }
  }
  const emit = (effect: Effect, what: string) => report({ classification: classify(effect, direction), pointer: at, message: `${label}${what}` });
  if (before === undefined && after === undefined) return;
  if (before === undefined || after === undefined) {
    emit(before === undefined ? 'narrowed' : 'widened', before === undefined ? 'now has a payload' : 'no longer has a payload');
    return;
  }
  if (!isObject(before) || !isObject(after)) return;
  const anyBefore = Object.keys(before).filter((k) => k !== 'description').length === 0;
  const anyAfter = Object.keys(after).filter((k) => k !== 'description').length === 0;
  if (anyBefore !== anyAfter) {
    emit(anyBefore ? 'narrowed' : 'widened', anyBefore ? 'was any value, now has a type' : 'now admits any value');
    return;
  }

  const typesBefore = typeSet(before);
  const typesAfter = typeSet(after);
  if (typesBefore && typesAfter) {
    const effect = setEffect(typesBefore, typesAfter, (t, set) => set.has(t) || (t === 'integer' && set.has('number')));
    if (effect) {
      emit(effect, `type ${[...typesBefore].join('|')} became ${[...typesAfter].join('|')}`);
      return;
    }
  }
  const valuesBefore = valueSet(before);
  const valuesAfter = valueSet(after);
  if (valuesBefore || valuesAfter) {
    if (!valuesBefore) emit('narrowed', `is now limited to ${[...valuesAfter!].join(', ')}`);
    else if (!valuesAfter) emit('widened', `is no longer limited to ${[...valuesBefore].join(', ')}`);
    else {
      const effect = setEffect(valuesBefore, valuesAfter, (v, set) => set.has(v));
      if (effect) emit(effect, `allowed values ${[...valuesBefore].join(', ')} became ${[...valuesAfter].join(', ')}`);
    }
  }
  for (const [keyword, tighter] of [
    ['minimum', 'up'],
    ['exclusiveMinimum', 'up'],
    ['minLength', 'up'],
    ['minItems', 'up'],
    ['maximum', 'down'],
    ['exclusiveMaximum', 'down'],
    ['maxLength', 'down'],
    ['maxItems', 'down'],
  ] as const) {
    const b = before[keyword];
    const a = after[keyword];
    if (b === a) continue;
    if (typeof a === 'number' && typeof b === 'number') {
      const narrowed = tighter === 'up' ? a > b : a < b;
      emit(narrowed ? 'narrowed' : 'widened', `${keyword} ${b} became ${a}`);
    } else if (typeof a === 'number') emit('narrowed', `now has ${keyword} ${a}`);
    else if (typeof b === 'number') emit('widened', `no longer has ${keyword} ${b}`);
  }
  for (const keyword of ['pattern', 'format', 'uniqueItems']) {
    const b = before[keyword];
    const a = after[keyword];
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    if (b === undefined) emit('narrowed', `now has ${keyword} ${JSON.stringify(a)}`);
    else if (a === undefined) emit('widened', `no longer has ${keyword} ${JSON.stringify(b)}`);
    else emit('changed', `${keyword} ${JSON.stringify(b)} became ${JSON.stringify(a)}`);
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const b = before[keyword];
    const a = after[keyword];
    if (!Array.isArray(a) && !Array.isArray(b)) continue;
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((item, index) => diffSchema(docBefore, docAfter, b[index], item, direction, `${at}/${keyword}/${index}`, report, visited, label));
    } else if (JSON.stringify(a) !== JSON.stringify(b)) emit('changed', `its ${keyword} alternatives changed`);
  }
  if (before.items !== undefined || after.items !== undefined) {
    diffSchema(docBefore, docAfter, before.items ?? {}, after.items ?? {}, direction, `${at}/items`, report, visited, `${label}items: `);
  }
  const propertiesBefore = isObject(before.properties) ? before.properties : {};
  const propertiesAfter = isObject(after.properties) ? after.properties : {};
  const requiredBefore = new Set(Array.isArray(before.required) ? (before.required as string[]) : []);
  const requiredAfter = new Set(Array.isArray(after.required) ? (after.required as string[]) : []);
  for (const name of Object.keys(propertiesBefore)) {
    const fieldPointer = `${at}/properties/${escape(name)}`;
    if (!(name in propertiesAfter)) {
      report({
        classification: 'breaking',
        pointer: fieldPointer,
        message: `${label}field ${name} was removed${direction === 'input' ? ' (clients that send it are refused when unknown fields are)' : ' (clients that read it get nothing)'}`,
        location: undefined,
      });
      continue;
    }
    if (!requiredBefore.has(name) && requiredAfter.has(name)) {
      report({ classification: direction === 'input' ? 'breaking' : 'compatible', pointer: fieldPointer, message: `${label}field ${name} is now required` });
    } else if (requiredBefore.has(name) && !requiredAfter.has(name)) {
      report({ classification: direction === 'input' ? 'compatible' : 'breaking', pointer: fieldPointer, message: `${label}field ${name} is now optional` });
    }
    diffSchema(docBefore, docAfter, propertiesBefore[name], propertiesAfter[name], direction, fieldPointer, report, visited, `${label}${name}: `);
  }
  for (const name of Object.keys(propertiesAfter)) {
    if (name in propertiesBefore) continue;
    const required = requiredAfter.has(name);
    report({
      classification: required && direction === 'input' ? 'breaking' : 'compatible',
      pointer: `${at}/properties/${escape(name)}`,
      message: `${label}${required ? 'required' : 'optional'} field ${name} was added${required && direction === 'input' ? ' (clients that leave it out are refused)' : ''}`,
    });
  }
}

/** What a change of the admitted values does to a client, by direction. */
export function classify(effect: Effect, direction: Direction): Classification {
  if (effect === 'changed') return 'breaking';
  return (direction === 'input') === (effect === 'narrowed') ? 'breaking' : 'compatible';
}

function setEffect<T>(before: Set<T>, after: Set<T>, has: (item: T, set: Set<T>) => boolean): Effect | undefined {
  const lost = [...before].some((item) => !has(item, after));
  const gained = [...after].some((item) => !has(item, before));
  if (lost && gained) return 'changed';
  if (lost) return 'narrowed';
  if (gained) return 'widened';
  return undefined;
}

function typeSet(schema: Json): Set<string> | undefined {
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type as string[]);
  return undefined;
}

function valueSet(schema: Json): Set<string> | undefined {
  if ('const' in schema) return new Set([JSON.stringify(schema.const)]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map((v) => JSON.stringify(v)));
  return undefined;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRef = (value: unknown): value is { $ref: string } => isObject(value) && typeof value.$ref === 'string';
const refOf = (value: unknown): string | undefined => (isRef(value) ? value.$ref : undefined);
const escape = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** A local `#/a/b` reference's target. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let current: unknown = document;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** The code location of a pointer: its own, or its nearest parent's. */
function locate(pointer: string, locations: Map<string, CodeLocation>): { location?: CodeLocation } {
  let current = pointer;
  while (current) {
    const found = locations.get(current);
    if (found) return { location: found };
    current = current.slice(0, current.lastIndexOf('/'));
  }
  return {};
}
