import type { PlanContext } from '../../engine/generator';
import { UsageError } from '../../engine/errors';

/**
 * Gateways from ws-scaffold live on socket.io namespaces. An app switched to the `ws` transport
 * (WsAdapter from @nestjs/platform-ws) cannot serve them: WsAdapter throws on any namespace at start,
 * so the generator stops here with the reason instead of writing code that crashes the app.
 */
export function assertNamespacesSupported(context: PlanContext<unknown>): void {
  const { project, tree } = context;
  if (!project.dependencies.includes('@nestjs/platform-ws')) return;
  if (!/\bWsAdapter\b/.test(tree.read(project.mainFile) ?? '')) return;
  throw new UsageError(
    `${project.mainFile} uses WsAdapter (the ws transport), which does not support namespaces: ` +
      'ws-scaffold gateways, rooms and namespaces need socket.io. Switch main.ts back to socket.io, or keep path-based ws gateways by hand.',
  );
}
