import { spawn } from 'node:child_process';
import type { PackageManager } from '../project/detect';

export interface InstallResult {
  command: string;
  ok: boolean;
  /** The last lines of the package manager's output, kept for the error report. */
  outputTail: string;
}

export const installCommand = (packageManager: PackageManager): string => `${packageManager} install`;

/** Installs what package.json now declares, with the project's own package manager. */
export function installDependencies(root: string, packageManager: PackageManager): Promise<InstallResult> {
  const command = installCommand(packageManager);
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(packageManager, ['install'], { cwd: root, shell: process.platform === 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
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
