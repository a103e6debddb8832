import type { Credential, GatewayApi, Received, RoomPattern, Sent } from './gateways';
import type { CodeLocation, Schema, SchemaReader } from './schema';

/** An AsyncAPI 3.0 document: plain JSON data. */
export type AsyncApiDocument = { [key: string]: unknown };

export interface DocumentInfo {
  title: string;
  version: string;
  /** The port main.ts listens on (the HTTP server socket.io and ws share), when it says. */
  port: number | undefined;
}

export interface BuiltDocument {
  document: AsyncApiDocument;
  /** Where in the code each part of the document comes from, by JSON pointer. */
  locations: Map<string, CodeLocation>;
}

export const ASYNCAPI_VERSION = '3.0.0';

type Messages = Record<string, Schema>;
interface Channel {
  address: string | null;
  title?: string;
  description: string;
  parameters?: Record<string, { description: string }>;
  servers?: { $ref: string }[];
  messages: Messages;
}

/**
 * The AsyncAPI 3.0 document of a project's gateways: a channel per namespace (socket.io) or path
 * (ws), a channel per room pattern the gateway emits to, a `receive` operation per handler (its
 * answer as the reply), a `send` operation per server-to-client event, and the handshake check as
 * a security scheme. Component schemas are the project's own types, by name.
 */
export function buildDocument(info: DocumentInfo, apis: GatewayApi[], reader: SchemaReader): BuiltDocument {
  const locations = new Map<string, CodeLocation>();
  const channels: Record<string, Channel> = {};
  const operations: Record<string, Schema> = {};
  const servers: Record<string, Schema> = {};
  const securitySchemes: Record<string, Schema> = {};
  const channelIds = new Set<string>();

  for (const api of apis) {
    const serverId = serverFor(api, info, servers);
    const channelId = freeId(idOf(api.gateway.name.replace(/Gateway$/, '') || api.gateway.name), channelIds);
    const channel = namespaceChannel(api, reader);
    if (Object.keys(servers).length > 1 || api.port) channel.servers = [{ $ref: `#/servers/${serverId}` }];
    channels[channelId] = channel;
    locations.set(`/channels/${channelId}`, { file: api.gateway.file, line: api.gateway.line });
    const security = api.credential ? [{ $ref: `#/components/securitySchemes/${securityScheme(api.credential, api.transport, securitySchemes)}` }] : undefined;
    const messageIds = new Set<string>();
    const wire = (event: string | undefined, payload: Schema | undefined): Schema | undefined =>
      api.transport === 'ws' && event !== undefined ? { type: 'object', properties: { event: { type: 'string', const: event }, ...(payload ? { data: payload } : {}) }, required: payload ? ['event', 'data'] : ['event'] } : payload;

    const addMessage = (target: string, targetChannel: Channel, wanted: string, message: Schema, at: CodeLocation): string => {
      const existing = Object.entries(targetChannel.messages).find(([, m]) => JSON.stringify(m) === JSON.stringify(message));
      if (existing) return existing[0];
      const id = freeId(wanted, target === channelId ? messageIds : new Set(Object.keys(targetChannel.messages)));
      targetChannel.messages[id] = message;
      locations.set(`/channels/${target}/messages/${id}`, at);
      return id;
    };

    for (const received of api.received) {
      const messageId = addMessage(channelId, channel, idOf(received.event), message(received.event, wire(received.event, received.payload), received.summary), received.at);
      const operationId = freeId(`${channelId}.receive.${messageId}`, new Set(Object.keys(operations)));
      const operation: Schema = {
        action: 'receive',
        channel: { $ref: `#/channels/${channelId}` },
        summary: received.summary ?? `Clients send '${received.event}'${received.reply ? replySummary(api, received) : ''}.`,
        messages: [{ $ref: `#/channels/${channelId}/messages/${messageId}` }],
      };
      if (received.reply) {
        const reply = received.reply;
        const replyMessage = reply.event === undefined ? { title: api.transport === 'ws' ? `Answer to '${received.event}'` : `Ack of '${received.event}'`, payload: reply.payload } : message(reply.event, wire(reply.event, reply.payload));
        const replyId = addMessage(channelId, channel, reply.event === undefined ? `${messageId}.ack` : idOf(reply.event), replyMessage, reply.at);
        operation.reply = { channel: { $ref: `#/channels/${channelId}` }, messages: [{ $ref: `#/channels/${channelId}/messages/${replyId}` }] };
        locations.set(`/operations/${operationId}/reply`, reply.at);
      }
      if (security) operation.security = security;
      operations[operationId] = operation;
      locations.set(`/operations/${operationId}`, received.at);
    }

    const roomChannels = new Map<string, string>();
    for (const sent of api.sent) {
      let target = channelId;
      if (sent.room) {
        target = roomChannels.get(sent.room.pattern) ?? '';
        if (!target) {
          target = freeId(`${channelId}.room.${idOf(sent.room.pattern.replace(/\{(\w+)\}/g, '$1'))}`, channelIds);
          roomChannels.set(sent.room.pattern, target);
          channels[target] = roomChannel(api, channel, sent.room);
          locations.set(`/channels/${target}`, sent.at);
        }
      }
      const targetChannel = channels[target];
      const messageId = addMessage(target, targetChannel, idOf(sent.event), message(sent.event, wire(sent.event, sent.payload)), sent.at);
      const operationId = freeId(`${target}.send.${messageId}`, new Set(Object.keys(operations)));
      operations[operationId] = {
        action: 'send',
        channel: { $ref: `#/channels/${target}` },
        summary: sent.room ? `The server sends '${sent.event}' to the members of room ${sent.room.pattern}.` : `The server sends '${sent.event}'.`,
        messages: [{ $ref: `#/channels/${target}/messages/${messageId}` }],
        ...(security ? { security } : {}),
      };
      locations.set(`/operations/${operationId}`, sent.at);
    }
  }

  for (const [name, origin] of reader.origins) {
    locations.set(`/components/schemas/${name}`, origin.at);
    for (const [property, at] of Object.entries(origin.properties)) locations.set(`/components/schemas/${name}/properties/${escapePointer(property)}`, at);
  }
  const components: Schema = {};
  if (reader.components.size) components.schemas = Object.fromEntries(reader.components);
  if (Object.keys(securitySchemes).length) components.securitySchemes = securitySchemes;
  const document: AsyncApiDocument = {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: info.title,
      version: info.version,
      description: 'The WebSocket API of this NestJS app, read from its gateways by ws-scaffold (`ws-scaffold asyncapi`); regenerate it rather than editing it.',
    },
    defaultContentType: 'application/json',
    ...(Object.keys(servers).length ? { servers } : {}),
    channels,
    operations,
    ...(Object.keys(components).length ? { components } : {}),
  };
  return { document, locations };
}

function replySummary(api: GatewayApi, received: Received): string {
  if (received.reply?.event !== undefined) return ` and get '${received.reply.event}' back`;
  return api.transport === 'ws' ? ' and get an answer frame back' : ' and get the answer through the acknowledgement';
}

function message(event: string, payload: Schema | undefined, summary?: string): Schema {
  return { name: event, title: event, ...(summary ? { summary } : {}), ...(payload ? { payload } : {}) };
}

function serverFor(api: GatewayApi, info: DocumentInfo, servers: Record<string, Schema>): string {
  const port = api.port || info.port || 3000;
  const id = api.port ? `port${api.port}` : 'app';
  if (!servers[id]) {
    servers[id] = {
      host: `localhost:${port}`,
      protocol: 'ws',
      ...(api.transport === 'socket.io' && api.serverPath ? { pathname: api.serverPath } : {}),
      description:
        api.transport === 'socket.io'
          ? `socket.io 4 (Engine.IO over WebSocket, or HTTP long-polling) on ${api.port ? `its own port ${api.port}` : "the app's HTTP server"}; each channel is a namespace. The host is where the app listens in development: put yours in its place.`
          : `Plain WebSocket (@nestjs/platform-ws) on ${api.port ? `its own port ${api.port}` : "the app's HTTP server"}; each channel is a path, and every frame is JSON { "event": ..., "data": ... }. The host is where the app listens in development: put yours in its place.`,
    };
  }
  return id;
}

function namespaceChannel(api: GatewayApi, reader: SchemaReader): Channel {
  const address = api.address;
  if (!address) {
    reader.warn(api.gateway.decorator, `cannot read the ${api.transport === 'ws' ? 'path' : 'namespace'} of ${api.gateway.name}; its channel has no address`);
    return { address: null, title: api.gateway.name, description: `${api.gateway.name}: a gateway whose ${api.transport === 'ws' ? 'path' : 'namespace'} is computed at run time.`, messages: {} };
  }
  if (address.kind === 'static') {
    const what = api.transport === 'ws' ? `the WebSocket path ${address.value}` : `the socket.io namespace ${address.value}`;
    return { address: address.value, title: address.value, description: `${api.gateway.name} on ${what}.`, messages: {} };
  }
  const { template, parameters } = patternAddress(address.source);
  return {
    address: template,
    title: `/${address.source}/`,
    description: `${api.gateway.name} on every socket.io namespace matching /${address.source}/ (a dynamic namespace: each match is a child namespace of its own).`,
    parameters,
    messages: {},
  };
}

function roomChannel(api: GatewayApi, parent: Channel, room: RoomPattern): Channel {
  return {
    address: room.pattern,
    title: `room ${room.pattern}`,
    description: `A socket.io room of ${parent.address ?? api.gateway.name}: what its members receive. Rooms are joined on the server (through the namespace's events), never addressed by clients.`,
    ...(room.params.length ? { parameters: Object.fromEntries(room.params.map((p) => [p, { description: `the ${p} part of the room name` }])) } : {}),
    messages: {},
  };
}

/**
 * A RegExp namespace as an address template: `^\/tenant-[a-z0-9]+$` is `/tenant-{tenant}`, each
 * variable part a parameter named after the word before it. A pattern that is not one literal
 * path with variable runs (alternatives, unanchored) is `{namespace}`.
 */
export function patternAddress(source: string): { template: string; parameters: Record<string, { description: string }> } {
  const whole = { template: '{namespace}', parameters: { namespace: { description: `a namespace matching /${source}/` } } };
  if (!source.startsWith('^') || !source.endsWith('$') || source.includes('|')) return whole;
  const body = source.slice(1, -1);
  let template = '';
  const parameters: Record<string, { description: string }> = {};
  let i = 0;
  while (i < body.length) {
    const char = body[i];
    if (char === '\\' && i + 1 < body.length) {
      const next = body[i + 1];
      if (/[wdsWDS]/.test(next)) {
        i = variable(i, i + 2);
        continue;
      }
      template += next;
      i += 2;
      continue;
    }
    if (char === '[') {
      const close = body.indexOf(']', i + 1);
      if (close === -1) return whole;
      i = variable(i, close + 1);
      continue;
    }
    if (char === '(') {
      let depth = 0;
      let j = i;
      for (; j < body.length; j++) {
        if (body[j] === '\\') j++;
        else if (body[j] === '(') depth++;
        else if (body[j] === ')' && --depth === 0) break;
      }
      if (j >= body.length) return whole;
      i = variable(i, j + 1);
      continue;
    }
    if (char === '.') {
      i = variable(i, i + 1);
      continue;
    }
    if (/[*+?{]/.test(char)) return whole;
    template += char;
    i++;
  }
  if (!template.startsWith('/')) return whole;
  return { template, parameters };

  function variable(start: number, end: number): number {
    let stop = end;
    const quantifier = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(body.slice(end));
    if (quantifier) stop += quantifier[0].length;
    const word = /([A-Za-z][A-Za-z0-9]*)[^A-Za-z0-9]*$/.exec(template)?.[1] ?? 'param';
    let name = word;
    for (let n = 2; name in parameters; n++) name = `${word}${n}`;
    parameters[name] = { description: `the part of the namespace matching ${body.slice(start, stop)} (the whole namespace matches /${source}/)` };
    template += `{${name}}`;
    return stop;
  }
}

function securityScheme(credential: Credential, transport: GatewayApi['transport'], schemes: Record<string, Schema>): string {
  let id: string;
  let scheme: Schema;
  if (transport === 'ws') {
    id = 'bearerToken';
    scheme = { type: 'http', scheme: 'bearer', description: "The token as `Authorization: Bearer <token>` on the upgrade request, or from a browser as the protocol pair new WebSocket(url, ['bearer', token]); checked before the upgrade." };
  } else if (credential.in === 'auth') {
    id = `handshake${pascal(credential.name)}`;
    scheme = {
      type: 'http',
      scheme: 'bearer',
      description: `A token as \`${credential.name}\` in socket.io's handshake auth payload, io(url, { auth: { ${credential.name} } }), checked by the namespace's middleware (server.use in afterInit) before the connection is accepted.`,
    };
  } else if (credential.in === 'header' && credential.name === 'authorization') {
    id = 'bearerToken';
    scheme = { type: 'http', scheme: 'bearer', description: 'The token as `Authorization: Bearer <token>` on the handshake, checked by the namespace\'s middleware (server.use in afterInit).' };
  } else {
    id = `${credential.in}${pascal(credential.name)}`;
    scheme = { type: 'httpApiKey', name: credential.name, in: credential.in, description: `\`${credential.name}\` in the handshake's ${credential.in === 'query' ? 'query string' : 'headers'}, checked by the namespace's middleware (server.use in afterInit).` };
  }
  schemes[id] = scheme;
  return id;
}

const pascal = (text: string): string => text.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** An id for keys of the document: letters, digits, `_` and `-` (an event's `:` and `.` become `_`). */
export function idOf(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  const camel = id ? id[0].toLowerCase() + id.slice(1) : 'root';
  return camel;
}

function freeId(wanted: string, taken: Set<string>): string {
  let id = wanted;
  for (let n = 2; taken.has(id); n++) id = `${wanted}_${n}`;
  taken.add(id);
  return id;
}

export const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export type { Sent };
