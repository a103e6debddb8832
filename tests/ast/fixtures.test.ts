import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureAdapterWiring } from '../../src/nest/ensure-adapter-wiring';
import { ensureArrayEntry } from '../../src/ast/ensure-array-entry';
import { ensureClassMember } from '../../src/ast/ensure-class-member';
import { ensureDeclaration } from '../../src/ast/ensure-declaration';
import { ensureImport } from '../../src/ast/ensure-import';
import { ensureInterfaceMember } from '../../src/ast/ensure-interface-member';
import { ensureMessageHandler } from '../../src/nest/ensure-message-handler';
import { ensureModuleProvider, ensureProvider } from '../../src/nest/ensure-provider';
import { ensureNotInModule } from '../../src/nest/ensure-not-in-module';
import { RefusalError } from '../../src/errors';

/**
 * Fixture triplets: fixtures/<helper>/<case>/{input.ts, run.json, output.ts | refusal.txt}, and
 * optionally beside/: files in the input's folder (src/chat/) that the helper may read.
 * Every case also proves idempotency: running the helper on its own output changes nothing.
 */
const helpers: Record<string, (text: string, args: any, beside: (path: string) => string | undefined) => string> = {
  'ensure-import': (text, args) => ensureImport('src/app.module.ts', text, args).text,
  'ensure-provider': (text, args) =>
    ensureProvider('src/app.module.ts', text, { importLine: "import { X } from './x';", ...args }),
  'ensure-module-provider': (text, args) => ensureModuleProvider('src/app.module.ts', text, args),
  'ensure-not-in-module': (text, args) => ensureNotInModule('src/app.module.ts', text, args),
  // run.json writes the wiring statements with an {app} placeholder for the app variable's name.
  'ensure-adapter-wiring': (text, args) =>
    ensureAdapterWiring('src/main.ts', text, {
      ...args,
      statements: (app: string) => args.statements.map((s: string) => s.replaceAll('{app}', app)),
    }),
  'ensure-array-entry': (text, args) => ensureArrayEntry('src/websockets/namespaces.ts', text, args),
  'ensure-class-member': (text, args) => ensureClassMember('src/chat/chat.gateway.ts', text, args),
  'ensure-message-handler': (text, args, beside) => ensureMessageHandler('src/chat/chat.gateway.ts', text, args, beside),
  'ensure-interface-member': (text, args, beside) => ensureInterfaceMember('src/chat/chat.events.ts', text, args, beside),
  'ensure-declaration': (text, args) => ensureDeclaration('src/chat/chat.events.ts', text, args),
};

const root = join(__dirname, 'fixtures');
for (const helper of readdirSync(root)) {
  describe(helper, () => {
    for (const name of readdirSync(join(root, helper))) {
      const dir = join(root, helper, name);
      const input = readFileSync(join(dir, 'input.ts'), 'utf8');
      const args = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
      const beside = (path: string) => {
        const file = join(dir, 'beside', path.replace(/^src\/chat\//, ''));
        return path.startsWith('src/chat/') && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      };
      const run = (text: string) => helpers[helper](text, args, beside);

      if (existsSync(join(dir, 'refusal.txt'))) {
        it(`${name}: refuses`, () => {
          const expected = readFileSync(join(dir, 'refusal.txt'), 'utf8').trim();
          let error: unknown;
          try {
            run(input);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(RefusalError);
          expect((error as RefusalError).message).toContain(expected);
          expect((error as RefusalError).snippet).toContain(args.symbol ?? args.localName ?? args.adapterClass ?? args.member ?? args.declaration ?? args.entry);
        });
        continue;
      }
      it(`${name}: matches output.ts, and again is a no-op`, () => {
        const expected = readFileSync(join(dir, 'output.ts'), 'utf8');
        const once = run(input);
        expect(once).toBe(expected);
        expect(run(once)).toBe(once);
      });
    }
  });
}
