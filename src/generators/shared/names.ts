import { classify, dasherize } from '@angular-devkit/core/src/utils/strings';
import { posix } from 'node:path';
import { UsageError } from '../../errors';
import { NAME_SEGMENT, shown } from './rules';

export interface ArtefactNames {
  /** `chat-room` */
  fileName: string;
  /** `ChatRoom` */
  className: string;
  /** `admin` for `admin/chat-room`; empty for a plain name. */
  dir: string;
}

/** The same casing rules as `nest g`, so names match what Nest users already have. */
export function artefactNames(name: string): ArtefactNames {
  const clean = name.trim().replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  const base = posix.basename(clean);
  // Names come checked by their option's rule (artefactName); this guards the callers that derive one.
  if (!NAME_SEGMENT.test(base)) {
    throw new UsageError(`${shown(name)} is not a valid name: use letters, digits, - or _, starting with a letter (e.g. chat or chat-room).`);
  }
  const dir = posix.dirname(clean);
  return {
    fileName: dasherize(base),
    className: classify(base),
    dir: dir === '.' ? '' : dir.split('/').map(dasherize).join('/'),
  };
}

export function relativeImport(fromFile: string, toFile: string, suffix: string): string {
  const path = posix.relative(posix.dirname(fromFile), toFile).replace(/\.ts$/, '');
  return (path.startsWith('.') ? path : `./${path}`) + suffix;
}
