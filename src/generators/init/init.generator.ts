import { applyEdits, modify } from 'jsonc-parser';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { detectEol, detectIndentUnit } from '../../text/text-style';
import { RefusalError, UsageError } from '../../errors';
import { defineGenerator } from '../../engine/generator';
import { readJson } from '../../project/detect';
import { parseJsonc } from '../../project/jsonc';
import type { Tree } from '../../tree/tree';
import { initCommand, type InitOptions } from './init.options';

export type { InitOptions } from './init.options';

const NEST_DEFAULT = '@nestjs/schematics';
const OWN_NAME: string = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).name;

/**
 * Makes our collection the project's default for `nest g`, so `nest g ws-gateway chat` works
 * without `-c`. The Nest CLI crashes on every command (even `nest --version`) when the configured
 * collection cannot be resolved, so it is set only after checking that it resolves from the project.
 */
export const initGenerator = defineGenerator<InitOptions>({
  name: 'init',
  options: initCommand.options,
  async plan({ tree, options, editFile, scaffoldFile, nextStep, render }) {
    const file = tree.exists('nest-cli.json') ? 'nest-cli.json' : tree.exists('.nest-cli.json') ? '.nest-cli.json' : undefined;
    const current = file ? readJson<{ collection?: string }>(tree, file)?.collection : undefined;

    if (options.remove) {
      if (file && current === OWN_NAME) editFile(file, (text) => setCollection(text, NEST_DEFAULT));
      nextStep(`nest g uses ${NEST_DEFAULT} again; ours stays available with: nest g ws-gateway chat -c ${OWN_NAME}`);
      return;
    }
    assertResolvable(tree);
    if (current && current !== NEST_DEFAULT && current !== OWN_NAME) {
      throw new RefusalError(
        file!,
        `nest-cli.json already uses the collection "${current}"; replacing it would hide its schematics`,
        `"collection": "${OWN_NAME}"`,
      );
    }
    if (file) editFile(file, (text) => setCollection(text, OWN_NAME));
    else scaffoldFile('nest-cli.json', render('init/nest-cli.json.ejs', { collection: OWN_NAME }), 'nest-cli.json');
    nextStep('nest g ws-gateway chat   (the built-in schematics keep working: ours extends @nestjs/schematics)');
  },
});

function setCollection(text: string, collection: string): string {
  const indent = detectIndentUnit(text);
  const edits = modify(text, ['collection'], collection, {
    formattingOptions: { insertSpaces: !indent.includes('\t'), tabSize: indent.length, eol: detectEol(text) },
    getInsertionIndex: () => 0,
  });
  return applyEdits(text, edits);
}

/** Our collection as the Nest CLI will resolve it from the project: its installed package.json and collection file, read through the tree. */
function assertResolvable(tree: Tree): void {
  const installed = posix.join('node_modules', OWN_NAME);
  const manifest = tree.read(posix.join(installed, 'package.json'));
  if (manifest === undefined) {
    throw new UsageError(
      `${OWN_NAME} is not installed in this project (npm i -D ${OWN_NAME}); the Nest CLI would fail on every command with a collection it cannot resolve.`,
    );
  }
  const { schematics } = parseJsonc(manifest) as { schematics?: string };
  if (!schematics || !tree.exists(posix.join(installed, schematics))) {
    throw new UsageError(`the installed ${OWN_NAME} (${installed}) has no schematics collection; reinstall it.`);
  }
}
