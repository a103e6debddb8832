/** The engine as a library: what the CLI and the schematics are thin front ends over. */
export { ensureImport, normaliseSpecifier, type ImportRequest } from './ast/ensure-import';
export { ensureModuleProvider, ensureProvider, type ProviderRequest } from './nest/ensure-provider';
export { ExitCode, RefusalError, UsageError, WsScaffoldError } from './errors';
export { defineGenerator, planGenerator, type Generator, type Plan, type PlanContext } from './engine/generator';
export { runGenerator, type RunResult, type RunSettings } from './commands/run';
export { OverlayTree, diskTree, type FileChange, type Tree } from './tree/tree';
export { gatewayGenerator, type GatewayOptions } from './generators/gateway/gateway.generator';
export { detectProject, type ProjectInfo } from './project/detect';
