/** The e2e harness: import from 'tests/e2e/support' (relative) in *.e2e.test.ts files. */
export { cacheRoot, cleanEnv, log } from './cache';
export { ensureNode24 } from './node24';
export {
  freshProject,
  nestTemplate,
  projectEnv,
  run,
  RunError,
  type FreshProject,
  type NestMajor,
  type NestProject,
  type NestTemplate,
  type RunOptions,
  type RunResult,
  type TemplateInfo,
} from './nest-project';
export { bootApp, freePort, portAnswers, type BootedApp, type BootOptions } from './boot';
export { closeAllClients, collectEvents, connectClient, emitWithAck, waitForEvent, type ClientOptions } from './socket-client';
export { killAllTracked } from './proc';
export { packedTarball } from './pack';
export { changedFiles, filesHash, linkedCopy, readTree, restoreTree, treeHash, type LinkedCopyOptions } from './project-tree';
export { startPostgres, startRedis, type LocalServer } from './servers';
export { packageManager, type Tool, type ToolName } from './package-managers';
export { expectE2eSpecsPassed, expectLintClean, expectSpecsPassed, specCases } from './spec-run';
