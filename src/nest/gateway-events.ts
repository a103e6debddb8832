import type { Decorator } from 'ts-morph';
import { constantString, memberNameOf, type ReadFile } from '../ast/constant-strings';
import { Node, SyntaxKind } from '../ast/morph';
import { parseSource } from '../ast/source';

export type { ReadFile } from '../ast/constant-strings';

/** Event names found in a file, and how many entries had a name that could not be read. */
export interface EventNames {
  names: string[];
  unreadable: number;
}

const eventNames = (found: (string | undefined)[]): EventNames => {
  const names = found.filter((name): name is string => name !== undefined);
  return { names, unreadable: found.length - names.length };
};

/** Event names handled by `@SubscribeMessage(...)` methods in a gateway file. */
export function subscribedEvents(fileName: string, text: string, readFile?: ReadFile): EventNames {
  const source = parseSource(fileName, text);
  return eventNames(
    source
      .getDescendantsOfKind(SyntaxKind.Decorator)
      .filter((d) => d.getName() === 'SubscribeMessage')
      .map((d) => eventNameOf(d, readFile)),
  );
}

/**
 * The event of a `@SubscribeMessage(...)` decorator, when it can be read (see constantString): a
 * string literal, a const, an enum member or a const object's property, here or imported.
 */
export function eventNameOf(decorator: Decorator, readFile?: ReadFile): string | undefined {
  return constantString(decorator.getArguments()[0], readFile);
}

/**
 * Event names declared in the `*ClientToServerEvents` interfaces of an events file: quoted or
 * plain keys, and computed keys `[ChatEvents.Send]` read like a handler's event name.
 */
export function declaredClientEvents(fileName: string, text: string, readFile?: ReadFile): EventNames {
  const source = parseSource(fileName, text);
  return eventNames(
    source
      .getInterfaces()
      .filter((i) => i.getName().endsWith('ClientToServerEvents'))
      .flatMap((i) => i.getMembers())
      .filter((member) => Node.isPropertySignature(member) || Node.isMethodSignature(member))
      .map((member) => memberNameOf(member, readFile)),
  );
}

