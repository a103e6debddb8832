import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAsyncApi } from '../../src/asyncapi/read';
import { makeProject } from '../support/projects';
import { STYLES } from './styles';
import { expectValid, operationLines, payloadOf } from './support';

const GOLDEN = join(__dirname, 'golden');
const read = (style: keyof typeof STYLES) => readAsyncApi(makeProject(STYLES[style]));

describe('asyncapi on hand-written gateways', () => {
  it.each(Object.keys(STYLES))('%s: the official parser accepts the document, which is the golden one', async (style) => {
    const { document } = read(style);
    await expectValid(document);
    const golden = join(GOLDEN, `${style}.json`);
    // Written once by `WS_SCAFFOLD_WRITE_GOLDEN=1 npx vitest run tests/asyncapi`, reviewed, committed; a missing one fails.
    if (process.env.WS_SCAFFOLD_WRITE_GOLDEN === '1') writeFileSync(golden, `${JSON.stringify(document, null, 2)}\n`);
    expect(existsSync(golden)).toBe(true);
    expect(document).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
  });

  it('reads event names from consts, enums, const objects, namespace imports, barrels and tsconfig paths', () => {
    const { document, warnings } = read('constants');
    expect(warnings).toEqual([]);
    expect(operationLines(document)).toEqual([
      'receive /orders order:cancel',
      'receive /orders order:placed -> order_placed.ack',
      'receive /orders order:track -> order_track.ack',
      'receive /orders order:track-alias -> order_track-alias.ack',
    ]);
    // The DTO re-exported under another name through the barrel keeps its class-validator schema.
    expect(payloadOf(document, '/orders', 'order:placed')).toEqual({
      type: 'object',
      description: 'An order as clients place it.',
      properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
      required: ['sku', 'quantity'],
    });
    expect(payloadOf(document, '/orders', 'order:cancel')).toEqual({ type: 'string' });
  });

  it('turns class-validator decorators into JSON Schema: nested DTOs, enums, IsIn, bounds, lengths, patterns, each, mapped types', () => {
    const { document, warnings } = read('validated-dtos');
    expect(warnings).toEqual([]);
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    expect(schemas.BidDto).toEqual({
      type: 'object',
      description: 'A bid on one or more lots.',
      properties: {
        lines: { type: 'array', items: { $ref: '#/components/schemas/BidLineDto' }, maxItems: 10 },
        currency: { $ref: '#/components/schemas/Currency' },
        kind: { type: 'string', enum: ['public', 'sealed'] },
        note: { type: 'string', minLength: 1, maxLength: 140, description: 'Shown to other bidders.' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['lines', 'currency', 'kind'],
    });
    expect(schemas.BidLineDto).toEqual({
      type: 'object',
      properties: { lot: { type: 'string', pattern: '^lot-[0-9]+$' }, amount: { type: 'integer', minimum: 1, maximum: 1000000 } },
      required: ['lot', 'amount'],
    });
    expect(schemas.Currency).toEqual({ type: 'string', enum: ['EUR', 'USD'] });
    // PartialType: every field optional; PickType: only the picked one.
    expect((schemas.BidPatchDto as { required?: string[] }).required).toBeUndefined();
    expect(Object.keys((schemas.BidPatchDto as { properties: object }).properties)).toEqual(['lines', 'currency', 'kind', 'note', 'tags']);
    expect(schemas.BidNoteDto).toEqual({ type: 'object', properties: { note: (schemas.BidDto as { properties: { note: unknown } }).properties.note } });
    // @MessageBody('field'): the payload is an object of those fields.
    expect(payloadOf(document, '/auction', 'watch')).toEqual({
      type: 'object',
      properties: { lot: { type: 'string' }, until: { type: 'string', format: 'date-time' } },
      required: ['lot'],
    });
  });

  it('answers: a declared or inferred { event, data } is a reply of that event, an Observable and a Promise settle, void has none', () => {
    const { document, warnings } = read('responses-and-observables');
    expect(warnings).toEqual([]);
    expect(operationLines(document)).toEqual([
      'receive /prices history -> history.ack',
      'receive /prices nothing',
      'receive /prices ping -> pong',
      'receive /prices quote -> quote_result',
      'receive /prices stream -> tick',
    ]);
    expect(payloadOf(document, '/prices', 'pong')).toEqual({ type: 'object', properties: { at: { type: 'number' }, ok: { type: 'boolean', const: true } }, required: ['at', 'ok'] });
    expect(payloadOf(document, '/prices', 'tick')).toEqual({ type: 'number' });
    const channel = (document.channels as Record<string, { messages: Record<string, { payload: unknown }> }>).prices;
    expect(channel.messages['history.ack'].payload).toEqual({
      type: 'object',
      properties: {
        symbol: { type: 'string' },
        points: { type: 'array', items: { type: 'object', properties: { price: { type: 'number' }, at: { type: 'string', format: 'date-time' } }, required: ['price', 'at'] } },
        count: { type: 'number' },
      },
      required: ['symbol', 'points', 'count'],
    });
  });

  it('the ws transport: a channel per path, each frame { event, data }, answers as frames', () => {
    const { document } = read('ws-path');
    expect(operationLines(document)).toEqual(['receive /feed echo -> echo.ack', 'receive /feed subscribe -> subscribed']);
    expect(payloadOf(document, '/feed', 'subscribe')).toEqual({
      type: 'object',
      properties: { event: { type: 'string', const: 'subscribe' }, data: { $ref: '#/components/schemas/SubscribeDto' } },
      required: ['event', 'data'],
    });
    expect((document.servers as Record<string, { host: string }>).app.host).toBe('localhost:3100');
  });

  it('a RegExp namespace is a parameterised channel; rooms are channels with parameters; the middleware in afterInit is a security scheme', () => {
    const { document } = read('dynamic-namespace-rooms');
    const channels = document.channels as Record<string, { address: string; parameters?: Record<string, unknown> }>;
    expect(channels.tenant.address).toBe('/tenant-{tenant}');
    expect(Object.keys(channels.tenant.parameters!)).toEqual(['tenant']);
    expect(operationLines(document)).toEqual([
      'receive /tenant-{tenant} join',
      'receive /tenant-{tenant} note:add -> note_add.ack',
      'send /tenant-{tenant} welcome',
      'send board:main note:added',
      'send user:{id} presence',
    ]);
    // The event map types what the emit sends; the emit says where it goes.
    expect(payloadOf(document, 'board:main', 'note:added')).toEqual({ type: 'object', properties: { id: { type: 'number' }, text: { type: 'string' } }, required: ['id', 'text'] });
    expect(payloadOf(document, 'user:{id}', 'presence')).toEqual({ type: 'array', items: { type: 'string' } });
    const schemes = (document.components as { securitySchemes: Record<string, { type: string; scheme?: string }> }).securitySchemes;
    expect(Object.keys(schemes)).toEqual(['handshakeApiKey']);
    const operations = Object.values(document.operations as Record<string, { security?: unknown }>);
    expect(operations.every((op) => JSON.stringify(op.security) === JSON.stringify([{ $ref: '#/components/securitySchemes/handshakeApiKey' }]))).toBe(true);
  });

  it('what it cannot read is {} or a null address, each with a warning naming file:line, never a crash', () => {
    const { document, warnings } = read('unreadable');
    const file = 'src/legacy/legacy.gateway.ts';
    const lines = STYLES.unreadable[file].split('\n');
    const line = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    expect([...new Set(warnings.map((w) => `${w.file}:${w.line}`))]).toEqual([
      `${file}:${line('@WebSocketGateway(')}`,
      `${file}:${line('body: Payload')}`,
      `${file}:${line('Math.random()')}`,
      `${file}:${line('@MessageBody() body)')}`,
    ].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])));
    const channel = Object.values(document.channels as Record<string, { address: unknown }>)[0];
    expect(channel.address).toBeNull();
    expect(operationLines(document).map((l) => l.replace(/^receive null /, ''))).toEqual(['opaque', 'untyped -> untyped.ack']);
  });
});
