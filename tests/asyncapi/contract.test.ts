import { describe, expect, it } from 'vitest';
import { compareContracts } from '../../src/asyncapi/contract';
import type { AsyncApiDocument } from '../../src/asyncapi/document';
import { expectValid } from './support';

type Schema = Record<string, unknown>;
interface Op {
  action: 'receive' | 'send';
  event: string;
  payload?: Schema;
  reply?: { event?: string; payload: Schema };
  secured?: boolean;
}

/** A minimal valid document: one channel `/bids`, the operations given, `Bid` as the one component. */
function doc(ops: Op[], bid: Schema = BID): AsyncApiDocument {
  const messages: Record<string, Schema> = {};
  const operations: Record<string, Schema> = {};
  for (const op of ops) {
    const id = op.event.replace(/\W/g, '_');
    messages[id] = { name: op.event, ...(op.payload ? { payload: op.payload } : {}) };
    const operation: Schema = { action: op.action, channel: { $ref: '#/channels/bids' }, messages: [{ $ref: `#/channels/bids/messages/${id}` }] };
    if (op.reply) {
      messages[`${id}.ack`] = { ...(op.reply.event ? { name: op.reply.event } : {}), payload: op.reply.payload };
      operation.reply = { channel: { $ref: '#/channels/bids' }, messages: [{ $ref: `#/channels/bids/messages/${id}.ack` }] };
    }
    if (op.secured) operation.security = [{ $ref: '#/components/securitySchemes/token' }];
    operations[`${op.action}.${id}`] = operation;
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 't', version: '1.0.0' },
    channels: { bids: { address: '/bids', messages } },
    operations,
    components: { schemas: { Bid: bid }, securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
  };
}

const BID: Schema = {
  type: 'object',
  properties: { amount: { type: 'integer', minimum: 1, maximum: 100 }, lot: { type: 'string', maxLength: 40 }, note: { type: 'string' }, side: { type: 'string', enum: ['buy', 'sell'] } },
  required: ['amount', 'lot'],
};
const ref = { $ref: '#/components/schemas/Bid' };
const withBid = (change: (bid: Schema & { properties: Record<string, Schema>; required: string[] }) => void): Schema => {
  const copy = JSON.parse(JSON.stringify(BID)) as Schema & { properties: Record<string, Schema>; required: string[] };
  change(copy);
  return copy;
};

interface Case {
  name: string;
  before: AsyncApiDocument;
  after: AsyncApiDocument;
  expected: string[];
}

const receive = (bid: Schema, extra: Partial<Op> = {}) => doc([{ action: 'receive', event: 'bid', payload: ref, ...extra }], bid);
const send = (bid: Schema, extra: Partial<Op> = {}) => doc([{ action: 'send', event: 'bid:placed', payload: ref, ...extra }], bid);
const ack = (payload: Schema) => doc([{ action: 'receive', event: 'bid', payload: { type: 'string' }, reply: { payload } }]);

/**
 * The classification table, case by case. What clients send (receive operations) may only be
 * accepted more widely; what they get (send operations, acks) only more narrowly.
 */
const CASES: Case[] = [
  { name: 'nothing changed', before: receive(BID), after: receive(BID), expected: [] },
  { name: 'event removed (clients send it)', before: doc([{ action: 'receive', event: 'bid', payload: ref }, { action: 'receive', event: 'ping' }]), after: receive(BID), expected: ['breaking /operations/receive.ping'] },
  { name: 'event removed (the server sent it)', before: doc([{ action: 'receive', event: 'bid', payload: ref }, { action: 'send', event: 'tick' }]), after: receive(BID), expected: ['breaking /operations/send.tick'] },
  { name: 'event added', before: receive(BID), after: doc([{ action: 'receive', event: 'bid', payload: ref }, { action: 'send', event: 'tick' }]), expected: ['compatible /operations/send.tick'] },
  { name: 'request: optional field added', before: receive(BID), after: receive(withBid((b) => (b.properties.currency = { type: 'string' }))), expected: ['compatible /components/schemas/Bid/properties/currency'] },
  { name: 'request: required field added', before: receive(BID), after: receive(withBid((b) => ((b.properties.currency = { type: 'string' }), b.required.push('currency')))), expected: ['breaking /components/schemas/Bid/properties/currency'] },
  { name: 'request: field removed', before: receive(BID), after: receive(withBid((b) => delete b.properties.note)), expected: ['breaking /components/schemas/Bid/properties/note'] },
  { name: 'request: field made required', before: receive(BID), after: receive(withBid((b) => b.required.push('note'))), expected: ['breaking /components/schemas/Bid/properties/note'] },
  { name: 'request: field made optional', before: receive(BID), after: receive(withBid((b) => b.required.splice(1, 1))), expected: ['compatible /components/schemas/Bid/properties/lot'] },
  { name: 'request: type narrowed (number to integer)', before: receive(withBid((b) => (b.properties.amount = { type: 'number' }))), after: receive(BID), expected: ['breaking /components/schemas/Bid/properties/amount'] },
  { name: 'request: type widened (integer to number)', before: receive(BID), after: receive(withBid((b) => (b.properties.amount = { type: 'number', minimum: 1, maximum: 100 }))), expected: ['compatible /components/schemas/Bid/properties/amount'] },
  { name: 'request: type changed (string to number)', before: receive(BID), after: receive(withBid((b) => (b.properties.lot = { type: 'number' }))), expected: ['breaking /components/schemas/Bid/properties/lot'] },
  { name: 'request: maximum lowered', before: receive(BID), after: receive(withBid((b) => (b.properties.amount.maximum = 50))), expected: ['breaking /components/schemas/Bid/properties/amount'] },
  { name: 'request: maxLength raised', before: receive(BID), after: receive(withBid((b) => (b.properties.lot.maxLength = 80))), expected: ['compatible /components/schemas/Bid/properties/lot'] },
  { name: 'request: enum value removed', before: receive(BID), after: receive(withBid((b) => (b.properties.side.enum = ['buy']))), expected: ['breaking /components/schemas/Bid/properties/side'] },
  { name: 'request: enum value added', before: receive(BID), after: receive(withBid((b) => (b.properties.side.enum = ['buy', 'sell', 'hold']))), expected: ['compatible /components/schemas/Bid/properties/side'] },
  { name: 'request: pattern added', before: receive(BID), after: receive(withBid((b) => (b.properties.lot.pattern = '^lot-'))), expected: ['breaking /components/schemas/Bid/properties/lot'] },
  { name: 'response: field removed', before: send(BID), after: send(withBid((b) => delete b.properties.note)), expected: ['breaking /components/schemas/Bid/properties/note'] },
  { name: 'response: field made optional', before: send(BID), after: send(withBid((b) => b.required.splice(1, 1))), expected: ['breaking /components/schemas/Bid/properties/lot'] },
  { name: 'response: field made required', before: send(BID), after: send(withBid((b) => b.required.push('note'))), expected: ['compatible /components/schemas/Bid/properties/note'] },
  { name: 'response: required field added', before: send(BID), after: send(withBid((b) => ((b.properties.currency = { type: 'string' }), b.required.push('currency')))), expected: ['compatible /components/schemas/Bid/properties/currency'] },
  { name: 'response: enum value added', before: send(BID), after: send(withBid((b) => (b.properties.side.enum = ['buy', 'sell', 'hold']))), expected: ['breaking /components/schemas/Bid/properties/side'] },
  { name: 'response: type narrowed', before: send(withBid((b) => (b.properties.amount = { type: 'number' }))), after: send(BID), expected: ['compatible /components/schemas/Bid/properties/amount'] },
  { name: 'ack: field removed', before: ack({ type: 'object', properties: { ok: { type: 'boolean' }, id: { type: 'string' } }, required: ['ok', 'id'] }), after: ack({ type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }), expected: ['breaking /channels/bids/messages/bid.ack/payload/properties/id'] },
  { name: 'ack: type changed', before: ack({ type: 'string' }), after: ack({ type: 'number' }), expected: ['breaking /channels/bids/messages/bid.ack/payload'] },
  { name: 'ack: field added', before: ack({ type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }), after: ack({ type: 'object', properties: { ok: { type: 'boolean' }, at: { type: 'string' } }, required: ['ok', 'at'] }), expected: ['compatible /channels/bids/messages/bid.ack/payload/properties/at'] },
  { name: 'ack removed', before: ack({ type: 'string' }), after: doc([{ action: 'receive', event: 'bid', payload: { type: 'string' } }]), expected: ['breaking /operations/receive.bid/reply'] },
  { name: 'ack added', before: doc([{ action: 'receive', event: 'bid', payload: { type: 'string' } }]), after: ack({ type: 'string' }), expected: ['compatible /operations/receive.bid/reply'] },
  { name: 'ack became an { event, data } reply', before: ack({ type: 'string' }), after: doc([{ action: 'receive', event: 'bid', payload: { type: 'string' }, reply: { event: 'bid:ok', payload: { type: 'string' } } }]), expected: ['breaking /channels/bids/messages/bid.ack/name'] },
  { name: 'authentication now required', before: receive(BID), after: receive(BID, { secured: true }), expected: ['breaking /operations/receive.bid/security'] },
  { name: 'authentication no longer required', before: receive(BID, { secured: true }), after: receive(BID), expected: ['compatible /operations/receive.bid/security'] },
  { name: 'payload was any, now typed (request)', before: doc([{ action: 'receive', event: 'bid', payload: {} }]), after: doc([{ action: 'receive', event: 'bid', payload: { type: 'string' } }]), expected: ['breaking /channels/bids/messages/bid/payload'] },
];

describe('contract diff: the classification table', () => {
  it.each(CASES)('$name', async ({ before, after, expected }) => {
    await expectValid(before);
    await expectValid(after);
    const changes = compareContracts(before, after, new Map());
    expect(changes.map((c) => `${c.classification} ${c.pointer}`)).toEqual(expected);
    for (const change of changes) expect(change.event).toMatch(/^(bid|bid:placed|ping|tick)$/);
  });

  it('names the code location of a change from the locations of the new document, or of the nearest parent', () => {
    const locations = new Map([['/components/schemas/Bid', { file: 'src/bid.dto.ts', line: 3 }], ['/components/schemas/Bid/properties/lot', { file: 'src/bid.dto.ts', line: 9 }]]);
    const changes = compareContracts(receive(BID), receive(withBid((b) => ((b.properties.lot.maxLength = 10), delete b.properties.note))), locations);
    expect(changes.map((c) => [c.pointer, c.location])).toEqual([
      ['/components/schemas/Bid/properties/lot', { file: 'src/bid.dto.ts', line: 9 }],
      ['/components/schemas/Bid/properties/note', { file: 'src/bid.dto.ts', line: 3 }],
    ]);
  });
});
