import { posix } from 'node:path';
import type { PlanContext } from '../../engine/generator';
import type { ProjectInfo } from '../../project/detect';
import type { Tree } from '../../tree/tree';
import type { GatewayTarget } from './gateway-target';
import { relativeImport } from './names';
import { recordedGateways } from './transport';
import { kitDir } from './websockets-kit';

/**
 * The spec add-event and add-room write of the handlers they add (`chat.typing.event.spec.ts`),
 * with what its template imports. Only for a gateway ws-scaffold wrote, whose constructor it knows
 * (WsAuthVerifier at most) and whose events file types its sockets; none without a test runner.
 */
function behaviourSpec(tree: Tree, project: ProjectInfo, target: GatewayTarget, name: string): { file: string; data: Record<string, unknown> } | undefined {
  const kit = kitDir(project.sourceRoot);
  const verifier = posix.join(kit, 'ws-auth.ts');
  const own = recordedGateways(tree).some(({ artefact }) => artefact.scaffolded.includes(target.gatewayFile));
  if (project.testRunner === 'none' || !own || !tree.exists(verifier) || target.socketType === 'Socket') return undefined;
  const base = posix.basename(target.gatewayFile, '.gateway.ts');
  const file = posix.join(posix.dirname(target.gatewayFile), `${base}.${name}.spec.ts`);
  return {
    file,
    data: {
      testRunner: project.testRunner,
      className: target.className,
      gatewayImport: `./${base}.gateway${project.importSuffix}`,
      eventsImport: target.eventsImport,
      verifierImport: relativeImport(file, verifier, project.importSuffix),
      pipeImport: relativeImport(file, posix.join(kit, 'ws-validation.pipe.ts'), project.importSuffix),
      socketType: target.socketType,
      // A throttled gateway's guard needs a ThrottlerModule in the test module too.
      throttled: /\bWsThrottlerGuard\b/.test(tree.read(target.gatewayFile) ?? ''),
    },
  };
}

/**
 * Writes that spec from `template` (with `data` and what behaviourSpec adds) along with the
 * handlers it tests, and keeps it on a later run once it is there: re-planning an artefact written
 * before specs existed (its handlers there, no spec) adds none.
 */
export function planBehaviourSpec(
  context: Pick<PlanContext<unknown>, 'tree' | 'project' | 'render' | 'scaffoldFile'>,
  target: GatewayTarget,
  spec: { name: string; handlersAdded: boolean; template: string; data: Record<string, unknown>; what: string },
): void {
  const planned = behaviourSpec(context.tree, context.project, target, spec.name);
  if (!planned || !(spec.handlersAdded || context.tree.exists(planned.file))) return;
  context.scaffoldFile(planned.file, context.render(spec.template, { ...spec.data, ...planned.data }), spec.what);
}
