import type { PlanContext } from '../../engine/generator';
import { UsageError } from '../../errors';
import { readManifest, type ManifestArtefact } from '../../engine/manifest';
import type { Tree } from '../../tree/tree';

/** socket.io (@nestjs/platform-socket.io, the default) or ws (@nestjs/platform-ws). */
export type Transport = 'socket.io' | 'ws';
export const TRANSPORTS: readonly Transport[] = ['socket.io', 'ws'];

/** The gateways ws-scaffold.json records (add-gateway, add-namespace), each with the transport it was written for. */
export function recordedGateways(tree: Tree): { artefact: ManifestArtefact; transport: Transport }[] {
  return (readManifest(tree)?.artefacts ?? [])
    .filter((artefact) => artefact.kind === 'gateway' || artefact.kind === 'namespace')
    .map((artefact) => ({ artefact, transport: artefact.options.transport === 'ws' ? 'ws' : 'socket.io' }));
}

/** The transport main.ts installs: ws when it wires a WsAdapter (platform-ws's or SecureWsAdapter). */
export function detectTransport(context: PlanContext<unknown>): Transport {
  return /\b\w*WsAdapter\b/.test(context.tree.read(context.project.mainFile) ?? '') ? 'ws' : 'socket.io';
}

/**
 * The transport a new gateway is written for: the one main.ts installs unless asked for. Asking
 * for the other one is refused, because one app serves one transport: the gateways it already has
 * would stop working.
 */
export function resolveTransport(context: PlanContext<unknown>, wanted: string | undefined): Transport {
  const detected = detectTransport(context);
  if (wanted === undefined || wanted === 'auto') return detected;
  if (!TRANSPORTS.includes(wanted as Transport)) throw new UsageError(`unknown transport "${wanted}": use auto, socket.io or ws.`);
  if (wanted === detected) return detected;
  const main = context.tree.read(context.project.mainFile) ?? '';
  if (wanted === 'ws' && !/useWebSocketAdapter\s*\(/.test(main)) return 'ws';
  throw new UsageError(
    wanted === 'ws'
      ? `${context.project.mainFile} wires a socket.io adapter: switch the app with \`ws-scaffold add-adapter ws\` first (socket.io gateways stop working on ws).`
      : `${context.project.mainFile} uses the ws transport (WsAdapter): socket.io gateways need socket.io. Leave out --transport to write a ws gateway.`,
  );
}

/**
 * Namespaces are socket.io's: WsAdapter throws on any namespace at start, so a generator that
 * writes one stops here with the reason instead of writing code that crashes the app.
 */
export function assertNamespacesSupported(context: PlanContext<unknown>): void {
  if (detectTransport(context) === 'socket.io') return;
  throw new UsageError(
    `${context.project.mainFile} uses WsAdapter (the ws transport), which does not support namespaces: ` +
      'socket.io namespaces, rooms and events need socket.io. On ws, add path-based gateways with `ws-scaffold add-gateway <name>`.',
  );
}
