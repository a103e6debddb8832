import type { Generator } from '../engine/generator';

/**
 * Every generator by name, loaded only when used. The drift check re-plans the artefacts recorded
 * in the manifest through this table.
 */
export const GENERATORS: Record<string, () => Generator<never>> = {
  /* eslint-disable @typescript-eslint/no-require-imports */
  gateway: () => (require('./gateway/gateway.generator') as typeof import('./gateway/gateway.generator')).gatewayGenerator as Generator<never>,
  init: () => (require('./init/init.generator') as typeof import('./init/init.generator')).initGenerator as Generator<never>,
  /* eslint-enable @typescript-eslint/no-require-imports */
};
