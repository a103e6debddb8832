import type { BooleanOption, StringOption } from '../../engine/options';
import { gatewayReference, moduleFile, sourceFolder } from './rules';

/*
 * Options several generators take with the same meaning, declared once: a generator's
 * `<name>.options.ts` names them under their key (`gateway: gatewayToExtend`).
 */

/** `--gateway` of the generators that extend an existing gateway (add-event, add-room). */
export const gatewayToExtend = {
  type: 'string',
  description: 'the gateway to extend: its add-gateway name or its file; default: the only socket.io gateway in `ws-scaffold.json` (with several, exit 1 naming them)',
  cli: { placeholder: 'name|file' },
  schematic: { prompt: 'Which gateway? (name, e.g. chat, or file; empty: the only one)' },
  validate: gatewayReference,
} satisfies StringOption;

/** `--path` of the generators that write a gateway of their own (add-gateway, add-namespace). */
export const gatewayFolder = { type: 'string', description: 'folder under the source root', cli: { placeholder: 'dir' }, validate: sourceFolder } satisfies StringOption;

/** `--module`: where the new gateway is registered. */
export const gatewayModule = {
  type: 'string',
  description: 'module to register in, default the nearest `*.module.ts`',
  cli: { placeholder: 'file' },
  validate: moduleFile,
} satisfies StringOption;

/** `--spec` / `--no-spec`: the new gateway's unit spec. */
export const gatewaySpec = { type: 'boolean', default: true, description: 'a unit spec for the project\'s test runner, and an e2e spec in test/ where the project has test:e2e', negated: 'no unit spec and no e2e spec' } satisfies BooleanOption;

/** `--spec` / `--no-spec` of add-event and add-room: a spec of what they add to the gateway. */
export const handlerSpec = {
  type: 'boolean',
  default: true,
  description: 'a spec of the new handlers for the project\'s test runner, on a gateway ws-scaffold wrote',
  negated: 'no spec of the new handlers',
} satisfies BooleanOption;

/** `--main` / `--no-main` of the generators that write a gateway: the kit's adapter in main.ts. */
export const wireKitAdapter = {
  type: 'boolean',
  default: true,
  description: 'wire the kit\'s adapter into `main.ts`',
  negated: 'leave `main.ts` alone: the project\'s own adapter is to apply the kit (extend `SecureIoAdapter`); `check` verifies it does',
} satisfies BooleanOption;

/** `--skip-import`: write the gateway, register it by hand (what a module refusal says to do). */
export const skipModuleImport = { type: 'boolean', default: false, description: 'do not register in a module' } satisfies BooleanOption;
