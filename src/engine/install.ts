import { spawn } from 'node:child_process';
import { UsageError } from '../errors';
import type { PackageManager, ProjectInfo } from '../project/detect';
import { findOnPath } from '../project/package-manager';

export interface InstallResult {
  command: string;
  ok: boolean;
  /** The last lines of the package manager's output, kept for the error report. */
  outputTail: string;
}

/** How the project's dependencies get installed: the command shown, and what is run. */
export interface Installer {
  name: PackageManager;
  /** As the user would type it: `pnpm install`. */
  command: string;
  args: string[];
  /** Added to the environment: what keeps the lockfile writable in CI. */
  env: Record<string, string>;
}

export const installCommand = (project: Pick<ProjectInfo, 'packageManager'>): string => `${project.packageManager} install`;

/**
 * The package manager that will install, checked before anything is written: its tool must be on
 * PATH (else the files would be written and the install fail), and when lockfiles of two tools
 * are there, the one whose tool is installed is used; with neither or both installed the choice
 * is the user's. In CI pnpm and yarn berry refuse to change the lockfile unless told they may,
 * and adding dependencies is exactly that.
 */
export function resolveInstaller(project: Pick<ProjectInfo, 'packageManagerSignal'>, env: NodeJS.ProcessEnv = process.env): Installer {
  const { candidates } = project.packageManagerSignal;
  const present = candidates.filter((candidate) => findOnPath(candidate.name, env));
  const both = candidates.map((c) => `${c.source} (${c.name})`).join(' and ');
  if (candidates.length > 1 && present.length !== 1) {
    throw new UsageError(
      present.length === 0
        ? `the project has two lockfiles, ${both}, and none of their tools is installed: install one (and delete the other lockfile), or pass --skip-install.`
        : `the project has two lockfiles, ${both}, and both tools are installed: set "packageManager" in package.json or delete the stale lockfile, or pass --skip-install.`,
    );
  }
  const chosen = present[0] ?? candidates[0];
  if (present.length === 0) {
    throw new UsageError(`${chosen.name} is not installed (the project uses it: ${chosen.source}): install it, or pass --skip-install to only add the dependencies to package.json.`);
  }
  const args = chosen.name === 'pnpm' ? ['install', '--no-frozen-lockfile'] : ['install'];
  return {
    name: chosen.name,
    command: `${chosen.name} install`,
    args,
    env: chosen.name === 'yarn' && chosen.berry ? { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false' } : {},
  };
}

/** Installs what package.json now declares, with the project's own package manager. */
export function installDependencies(root: string, installer: Installer): Promise<InstallResult> {
  const { command } = installer;
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(installer.name, installer.args, {
      cwd: root,
      env: { ...process.env, ...installer.env },
      shell: process.platform === 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const done = (ok: boolean, extra = '') =>
      resolve({ command, ok, outputTail: (output + extra).trim().split('\n').slice(-15).join('\n') });
    child.on('error', (error) => done(false, `\n${error.message}`));
    child.on('close', (code) => done(code === 0));
  });
}
