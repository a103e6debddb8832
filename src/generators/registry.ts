import type { Generator } from '../engine/generator';

/**
 * Every generator by name, loaded only when used. The drift check re-plans the artefacts recorded
 * in the manifest through this table.
 */
export const GENERATORS: Record<string, () => Promise<Generator<never>>> = {
  adapter: async () => (await import('./adapter/adapter.generator.js')).adapterGenerator as Generator<never>,
  client: async () => (await import('./client/client.generator.js')).clientGenerator as Generator<never>,
  event: async () => (await import('./event/event.generator.js')).eventGenerator as Generator<never>,
  gateway: async () => (await import('./gateway/gateway.generator.js')).gatewayGenerator as Generator<never>,
  init: async () => (await import('./init/init.generator.js')).initGenerator as Generator<never>,
  namespace: async () => (await import('./namespace/namespace.generator.js')).namespaceGenerator as Generator<never>,
  room: async () => (await import('./room/room.generator.js')).roomGenerator as Generator<never>,
};
