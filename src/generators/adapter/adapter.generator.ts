import { posix } from 'node:path';
import { UsageError } from '../../errors';
import { defineGenerator, type PlanContext } from '../../engine/generator';
import { relativeImport } from '../shared/names';
import { recordedGateways, type Transport } from '../shared/transport';
import { KIT_ADAPTER, KIT_HEADER, kitDir, kitModuleNotImportedStep, OWN_ADAPTERS, planWebsocketKit, registerWithKit, useAdapterStatements, wireMain, WS_ADAPTER } from '../shared/websockets-kit';
import { adapterCommand, KINDS, type AdapterOptions } from './adapter.options';

export type { AdapterOptions } from './adapter.options';

interface AdapterKind {
  className: (typeof OWN_ADAPTERS)[number] | typeof WS_ADAPTER;
  file: string;
  /** Under templates/adapter; the ws kind's adapter is a kit file (websockets/secure-ws.adapter.ts). */
  template?: 'redis' | 'postgres';
  /** The async method main.ts awaits before useWebSocketAdapter(). */
  connect?: string;
  env?: string;
  dependencies: Record<string, string>;
}

// ioredis, not node-redis: node-redis 5 and 6 subscribers sometimes never resubscribe after a Redis
// restart (reproduced about one time in two). ioredis 5 runs on every Node a Nest major supports.
const REDIS = { ioredis: '^5.11.1' };
const REDIS_ADAPTER = { '@socket.io/redis-adapter': '^8.3.0', ...REDIS };

export const ADAPTER_KINDS: Record<(typeof KINDS)[number], AdapterKind> = {
  redis: {
    className: 'RedisIoAdapter',
    file: 'redis-io.adapter.ts',
    template: 'redis',
    connect: 'connectToRedis',
    env: 'REDIS_URL',
    dependencies: REDIS_ADAPTER,
  },
  'redis-sharded': {
    className: 'ShardedRedisIoAdapter',
    file: 'sharded-redis-io.adapter.ts',
    template: 'redis',
    connect: 'connectToRedis',
    env: 'REDIS_URL',
    dependencies: REDIS_ADAPTER,
  },
  'redis-streams': {
    className: 'RedisStreamsIoAdapter',
    file: 'redis-streams-io.adapter.ts',
    template: 'redis',
    connect: 'connectToRedis',
    env: 'REDIS_URL',
    dependencies: { '@socket.io/redis-streams-adapter': '^0.3.1', ...REDIS },
  },
  postgres: {
    className: 'PostgresIoAdapter',
    file: 'postgres-io.adapter.ts',
    template: 'postgres',
    connect: 'connectToPostgres',
    env: 'DATABASE_URL',
    // @types/pg with the runtime: the generated adapter imports pg itself.
    dependencies: { '@socket.io/postgres-adapter': '^0.5.0', pg: '^8.16.0', '@types/pg': '^8.15.0' },
  },
  // The ws transport instead of socket.io: one instance, path-based gateways, rooms through WsRooms.
  ws: {
    className: WS_ADAPTER,
    file: KIT_ADAPTER.ws.file,
    dependencies: {},
  },
};

export const DEFAULT_ADAPTER_KIND = 'redis';

export function adapterKind(kind: string | undefined): AdapterKind & { name: string } {
  const name = (kind ?? DEFAULT_ADAPTER_KIND).trim();
  const found = Object.hasOwn(ADAPTER_KINDS, name) ? ADAPTER_KINDS[name as keyof typeof ADAPTER_KINDS] : undefined;
  if (!found) throw new UsageError(`unknown adapter kind "${name}": use one of ${Object.keys(ADAPTER_KINDS).join(', ')}.`);
  return { ...found, name };
}

/**
 * A scale-out socket.io adapter in `<sourceRoot>/websockets/`, extending SecureIoAdapter (so the
 * Origin check, CORS and payload limit stay), and main.ts wired to connect it before listen().
 * Another kind of ours already wired is replaced; any other adapter is refused.
 */
export const adapterGenerator = defineGenerator<AdapterOptions>({
  name: 'adapter',
  options: adapterCommand.options,
  // One adapter per app: switching kinds replaces the manifest entry instead of adding a second one.
  artefactName: () => 'socket.io',
  async plan(context) {
    const { tree, project, options, render, ownedFile, addDependencies, nextStep } = context;
    const kind = adapterKind(options.kind);
    const transport: Transport = kind.name === 'ws' ? 'ws' : 'socket.io';
    assertNoGatewaysOfOtherTransport(context, transport);
    const dir = kitDir(project.sourceRoot);
    const adapterFile = posix.join(dir, kind.file);
    const moduleSpecifier = relativeImport(project.mainFile, adapterFile, project.importSuffix);
    const statements = useAdapterStatements(render, kind.className, kind.connect);

    planWebsocketKit(context, { wireMain: false, transport });
    if (options.skipImport) nextStep(kitModuleNotImportedStep(context));
    else registerWithKit(context, undefined, []);
    if (kind.template) {
      const data = { header: KIT_HEADER, importSuffix: project.importSuffix, kind: kind.name, className: kind.className };
      ownedFile(adapterFile, render(`adapter/${kind.template}-io.adapter.ts.ejs`, data), `websockets/${kind.file}`);
    }

    if (options.main !== false) {
      wireMain(
        context,
        transport,
        { adapterClass: kind.className, moduleSpecifier, statements, replaceable: [...OWN_ADAPTERS, WS_ADAPTER] },
        `${kind.className} connected and wired before listen(), shutdown hooks`,
        'replace',
      );
    } else {
      nextStep(`${project.mainFile} was left alone (--no-main): install the adapter there, before listen(): import { ${kind.className} } from '${moduleSpecifier}'; ${statements('app').join(' ')}`);
    }
    addDependencies(kind.dependencies);

    const unused = Object.values(ADAPTER_KINDS).filter((k) => k.template && k.file !== kind.file && tree.exists(posix.join(dir, k.file)));
    for (const old of unused) nextStep(`${posix.join(dir, old.file)} is no longer wired: delete it (and its packages) when you no longer need it.`);
    if (kind.name === 'ws') {
      nextStep('One instance only: the ws transport has no cluster adapter (WsRooms rooms are per process); to scale out, stay on socket.io with add-adapter redis.');
      nextStep('Add path-based gateways: ws-scaffold add-gateway <name> (clients connect to ws://host:port/<name>).');
      nextStep('Proxy idle timeouts above WS_HEARTBEAT_MS (30 s: every socket is pinged that often), with the Upgrade and Connection headers passed on.');
      return;
    }
    nextStep(
      kind.template === 'postgres'
        ? `Set ${kind.env}=postgres://user:password@host:5432/db on every instance; the socket_io_attachments table is created at start when missing.`
        : `Set ${kind.env}=redis://host:6379 on every instance (rediss:// for TLS)${kind.className === 'ShardedRedisIoAdapter' ? '; sharded Pub/Sub needs Redis >= 7, checked at start' : ''}.`,
    );
    nextStep("Behind a load balancer: sticky sessions (cookie or IP affinity), or websocket-only clients: io(url, { transports: ['websocket'] }).");
    nextStep('Proxy timeouts above 45 s (pingInterval 25 s + pingTimeout 20 s), e.g. nginx proxy_read_timeout 60s, with the Upgrade and Connection headers passed on.');
  },
});

/**
 * One app serves one transport. Switching it under gateways written for the other one would break
 * them at start (WsAdapter throws on namespaces) or leave them unreachable, so it is refused.
 */
function assertNoGatewaysOfOtherTransport(context: PlanContext<AdapterOptions>, transport: Transport): void {
  const project = context.project.projectName;
  const others = recordedGateways(context.tree)
    .filter((g) => g.artefact.project === project && g.transport !== transport)
    .map((g) => g.artefact);
  if (others.length === 0) return;
  const list = others.map((a) => `${a.kind} ${a.name}`).join(', ');
  throw new UsageError(
    `add-adapter ${transport === 'ws' ? 'ws' : context.options.kind ?? 'redis'}: this app has ${transport === 'ws' ? 'socket.io' : 'ws'} gateways (${list}) that would stop working on ${transport}. ` +
      'Remove them (and their manifest entries) first, or keep the current transport.',
  );
}
