/** The engine as a library: what the CLI and the schematics are thin front ends over. */
export { ensureImport, normaliseSpecifier, type ImportRequest } from './ast/ensure-import';
export { ensureModuleProvider, ensureProvider, type ProviderRequest } from './ast/ensure-provider';
export { ExitCode, RefusalError, UsageError, WsScaffoldError } from './engine/errors';
export { defineGenerator, planGenerator, type Generator, type Plan, type PlanContext } from './engine/generator';
export { runGenerator, type RunResult, type RunSettings } from './engine/run';
export { OverlayTree, diskTree, type FileChange, type Tree } from './engine/tree';
export { gatewayGenerator, type GatewayOptions } from './generators/gateway/gateway.generator';
export { detectProject, type ProjectInfo } from './project/detect';
