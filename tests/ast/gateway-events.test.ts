import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { subscribedEvents } from '../../src/ast/gateway-events';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/ensure-message-handler', name, 'input.ts'), 'utf8');

describe('subscribedEvents', () => {
  it('reads literals, same-file consts, enum members and const-object properties', () => {
    expect(subscribedEvents('a.gateway.ts', fixture('constant-event-recognised'))).toEqual(['message']);
    expect(subscribedEvents('a.gateway.ts', fixture('enum-event-other-shape-refused'))).toEqual(['chat:typing', 'chat:send']);
  });

  it('leaves out what this file does not give a string: imports, let, undeclared names', () => {
    const text = [
      "import { IMPORTED } from './events';",
      "let mutable = 'x';",
      'class G {',
      '  @SubscribeMessage(IMPORTED) a() {}',
      '  @SubscribeMessage(mutable) b() {}',
      '  @SubscribeMessage(UNDECLARED) c() {}',
      "  @SubscribeMessage('literal') d() {}",
      '}',
    ].join('\n');
    expect(subscribedEvents('b.gateway.ts', text)).toEqual(['literal']);
  });
});
