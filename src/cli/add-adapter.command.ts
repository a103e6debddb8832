import type { Command } from 'commander';
import { UsageError } from '../errors';
import type { AdapterOptions } from '../generators/adapter/adapter.generator';
import { runGeneratorCommand, withCommonOptions, type CommonOptions } from './run-command';

// Kept here (not imported from the generator) so that --help never loads the engine.
export const KINDS = ['redis', 'redis-sharded', 'redis-streams', 'postgres', 'ws'];

const EXAMPLES = `
Kinds:
  redis            Redis Pub/Sub (@socket.io/redis-adapter), the default; REDIS_URL
  redis-sharded    Redis sharded Pub/Sub (Redis >= 7 or Redis Cluster); REDIS_URL
  redis-streams    Redis Streams: rides out short Redis outages; REDIS_URL
  postgres         PostgreSQL LISTEN/NOTIFY (@socket.io/postgres-adapter); DATABASE_URL
  ws               the ws transport (@nestjs/platform-ws) instead of socket.io: one instance,
                   path-based gateways, rooms through a generated registry (WsRooms)

Examples:
  $ ws-scaffold add-adapter redis
      src/websockets/redis-io.adapter.ts, connected in main.ts before listen()
  $ ws-scaffold add-adapter postgres --dry-run --diff     (replaces another ws-scaffold adapter's wiring)
  $ ws-scaffold add-adapter redis-streams --project api --json --yes
  $ ws-scaffold add-adapter ws && ws-scaffold add-gateway chat     (a ws gateway on /chat)`;

export function registerAddAdapter(program: Command, state: { exitCode: number }): void {
  withCommonOptions(program.command('add-adapter'))
    .description('Scale socket.io out to several app instances with a Redis or PostgreSQL adapter that keeps the security settings, or switch the app to the ws transport; wired in main.ts.')
    .argument('[kind]', KINDS.join(' | '))
    .addHelpText('after', EXAMPLES)
    .action(async (kind: string | undefined, flags: CommonOptions) => {
      state.exitCode = await runGeneratorCommand<AdapterOptions>({
        name: 'add-adapter',
        common: flags,
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loadGenerator: () => (require('../generators/adapter/adapter.generator') as typeof import('../generators/adapter/adapter.generator')).adapterGenerator,
        missing: kind
          ? []
          : [{ flag: '<kind>', message: `Adapter kind (${KINDS.join(', ')})`, initial: 'redis', validate: (v) => (KINDS.includes(v.trim()) ? true : `one of ${KINDS.join(', ')}`) }],
        options: ([asked]) => {
          const chosen = (kind ?? asked).trim();
          if (!KINDS.includes(chosen)) throw new UsageError(`unknown adapter kind "${chosen}": use one of ${KINDS.join(', ')}.`);
          return { kind: chosen };
        },
        commandLine: (o) => ['add-adapter', o.kind ?? 'redis', '--yes'],
      });
    });
}
