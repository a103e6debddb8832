import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeProject } from '../support/projects';

const BIN = join(__dirname, '..', '..', 'bin', 'ws-scaffold.js');

/**
 * Drives the CLI in a real pseudo-terminal (util-linux `script`), typing answers when the prompts
 * appear, the way a person would.
 */
function inTerminal(args: string[], cwd: string, answers: { when: RegExp; type: string }[], env: Record<string, string> = {}) {
  const { CI: _ci, NO_COLOR: _noColor, ...base } = process.env;
  const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...base, TERM: 'xterm-256color', ...env } });
  let output = '';
  const pending = [...answers];
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no exit within 20 s; output so far:\n${output}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      while (pending.length && pending[0].when.test(output)) child.stdin.write(pending.shift()!.type);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('at a terminal', () => {
  it('asks for the missing name, shows the plan, asks before writing, then prints the one-line command', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const { code, output } = await inTerminal(['add-gateway', '--skip-install'], root, [
      { when: /Gateway name/, type: 'chat\r' },
      { when: /Write these \d+ change/, type: 'y' },
    ]);
    expect(code).toBe(0);
    expect(output).toContain('CREATE');
    expect(output).toContain('src/chat/chat.gateway.ts');
    expect(output).toContain('Next time, without prompts: ws-scaffold add-gateway chat --yes --skip-install');
    expect(output).toMatch(/\x1b\[32mCREATE/); // green at a terminal
    expect(existsSync(join(root, 'src/chat/chat.gateway.ts'))).toBe(true);
  });

  it('writes nothing when the user declines, and has no colours under NO_COLOR', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const { code, output } = await inTerminal(['add-gateway', 'chat', '--skip-install'], root, [{ when: /Write these/, type: 'n' }], { NO_COLOR: '1' });
    expect(code).toBe(0);
    expect(output).toContain('Nothing was written.');
    expect(output).not.toMatch(/\x1b\[3\dmCREATE/);
    expect(existsSync(join(root, 'src/chat'))).toBe(false);
  });

  it('add-adapter asks for the kind (redis offered), then prints the one-line command', async () => {
    const root = makeProject(FIXTURES['cjs-jest']);
    const { code, output } = await inTerminal(['add-adapter', '--skip-install'], root, [
      { when: /Adapter kind \(redis, redis-sharded, redis-streams, postgres, ws\)/, type: '\r' },
      { when: /Write these \d+ change/, type: 'y' },
    ]);
    expect(code).toBe(0);
    expect(output).toContain('Next time, without prompts: ws-scaffold add-adapter redis --yes --skip-install');
    expect(existsSync(join(root, 'src/websockets/redis-io.adapter.ts'))).toBe(true);
  });
});
