import { Parser } from '@asyncapi/parser';
import { expect } from 'vitest';
import type { AsyncApiDocument } from '../../src/asyncapi/document';

let parser: Parser | undefined;

/** The official parser's diagnostics of a document at error or warning level (spectral: 0 error, 1 warning). */
export async function parserProblems(document: AsyncApiDocument): Promise<string[]> {
  parser ??= new Parser();
  const { diagnostics } = await parser.parse(JSON.parse(JSON.stringify(document)) as never);
  return diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.severity === 0 ? 'error' : 'warning'} ${d.code}: ${d.message} at /${d.path.join('/')}`);
}

/** Every document a test makes goes through this: the official parser accepts it with zero errors and no warnings. */
export async function expectValid(document: AsyncApiDocument): Promise<void> {
  expect(await parserProblems(document)).toEqual([]);
}

type Json = Record<string, unknown>;

/** The operations of a document as `action channel-address event` lines, sorted: what it serves, in short. */
export function operationLines(document: AsyncApiDocument): string[] {
  const channels = document.channels as Record<string, Json>;
  const operations = document.operations as Record<string, Json>;
  return Object.values(operations)
    .map((operation) => {
      const channel = channels[String((operation.channel as Json).$ref).split('/').pop()!];
      const messageRef = String(((operation.messages as Json[])[0] as Json).$ref).split('/');
      const message = (channel.messages as Record<string, Json>)[messageRef.pop()!];
      const reply = operation.reply ? ` -> ${((operation.reply as Json).messages as Json[]).map((m) => String(m.$ref).split('/').pop()).join(',')}` : '';
      return `${String(operation.action)} ${String(channel.address)} ${String(message.name)}${reply}`;
    })
    .sort();
}

/** A message's payload, resolved through component $refs. */
export function payloadOf(document: AsyncApiDocument, address: string, event: string): Json | undefined {
  const channel = Object.values(document.channels as Record<string, Json>).find((c) => c.address === address);
  const message = Object.values((channel?.messages ?? {}) as Record<string, Json>).find((m) => m.name === event);
  return resolve(document, message?.payload as Json | undefined);
}

export function resolve(document: AsyncApiDocument, schema: Json | undefined): Json | undefined {
  let current = schema;
  for (let i = 0; current && typeof current.$ref === 'string' && i < 5; i++) {
    current = (document.components as { schemas: Record<string, Json> }).schemas[current.$ref.split('/').pop()!];
  }
  return current;
}
