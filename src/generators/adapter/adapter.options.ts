import { defineCommand, type OptionsOf } from '../../engine/options';
import { skipModuleImport } from '../shared/options';

/** The adapter kinds, with what `--help` and the schematic's prompt say of each. */
export const ADAPTER_KIND_LABELS = {
  redis: 'Redis Pub/Sub (@socket.io/redis-adapter), the default; REDIS_URL',
  'redis-sharded': 'Redis sharded Pub/Sub (Redis >= 7 or Redis Cluster); REDIS_URL',
  'redis-streams': 'Redis Streams: rides out short Redis outages; REDIS_URL',
  postgres: 'PostgreSQL LISTEN/NOTIFY (@socket.io/postgres-adapter); DATABASE_URL',
  ws: 'the ws transport (@nestjs/platform-ws) instead of socket.io: one instance, path-based gateways, rooms through a generated registry (WsRooms)',
} as const;
export const KINDS = Object.keys(ADAPTER_KIND_LABELS) as (keyof typeof ADAPTER_KIND_LABELS)[];

export const adapterCommand = defineCommand({
  command: 'add-adapter',
  generator: 'adapter',
  summary: 'Scale socket.io out to several app instances with a Redis or PostgreSQL adapter that keeps the security settings, or switch the app to the ws transport; wired in main.ts.',
  examples: `
Kinds:
${Object.entries(ADAPTER_KIND_LABELS)
  .map(([kind, label]) => `  ${kind.padEnd(16)} ${label}`)
  .join('\n')}

Examples:
  $ ws-scaffold add-adapter redis
      src/websockets/redis-io.adapter.ts, connected in main.ts before listen()
  $ ws-scaffold add-adapter postgres --dry-run --diff     (replaces another ws-scaffold adapter's wiring)
  $ ws-scaffold add-adapter redis-streams --project api --json --yes
  $ ws-scaffold add-adapter ws && ws-scaffold add-gateway chat     (a ws gateway on /chat)`,
  schematic: {
    name: 'ws-adapter',
    id: 'WsScaffoldAdapter',
    title: 'ws-scaffold adapter',
    description: 'A socket.io adapter that scales the app out to several instances (Redis or PostgreSQL), or the ws transport, keeping the security settings, wired in main.ts.',
  },
  options: {
    kind: {
      type: 'string',
      positional: true,
      default: 'redis',
      askWhenMissing: true,
      values: KINDS,
      valueName: 'adapter kind',
      description: `${KINDS.join(' | ')}`,
      prompt: `Adapter kind (${KINDS.join(', ')})`,
      schematic: {
        name: 'type',
        aliases: ['name'],
        prompt: { message: 'Which adapter?', items: KINDS.map((kind) => ({ value: kind, label: `${kind}: ${ADAPTER_KIND_LABELS[kind]}` })) },
      },
    },
    main: {
      type: 'boolean',
      default: true,
      description: 'connect and wire the adapter in `main.ts`',
      negated: 'write the adapter, leave `main.ts` alone (wire it by hand)',
    },
    skipImport: { ...skipModuleImport, description: 'do not import WebsocketsModule in the root module (the adapter reads its settings from it)' },
  },
});

export type AdapterOptions = OptionsOf<typeof adapterCommand.options>;
