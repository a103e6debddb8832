import { Test } from '@nestjs/testing';
import { WsException } from '@nestjs/websockets';
import { WsAuthVerifier } from '../websockets/ws-auth';
import { wsValidationPipe } from '../websockets/ws-validation.pipe';
import { ChatGateway } from './chat.gateway';
import { ChatTypingDto, type ChatGatewaySocket } from './chat.events';

/** What the gateway's pipe says of a payload it refuses. */
async function refusal(payload: unknown): Promise<string[]> {
  const error: unknown = await wsValidationPipe()
    .transform(payload, { type: 'body', metatype: ChatTypingDto })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WsException);
  return ((error as WsException).getError() as { errors: string[] }).errors;
}

describe("ChatGateway: 'typing'", () => {
  let gateway: ChatGateway;
  const plain = { draft: true };
  const payload = Object.assign(new ChatTypingDto(), plain);

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [ChatGateway, WsAuthVerifier],
    }).compile();
    gateway = moduleRef.get(ChatGateway);
  });

  it('sends the payload on to the other clients, not back to the sender', () => {
    const emit = jest.fn();
    const except = jest.fn(() => ({ emit }));
    gateway.server = { except } as unknown as typeof gateway.server;
    const client = { id: 'socket-1', data: {} } as unknown as ChatGatewaySocket;
    gateway.handleTyping(payload, client);
    expect(except).toHaveBeenCalledWith('socket-1');
    expect(emit).toHaveBeenCalledWith('typing', { ...plain, from: 'socket-1' });
  });

  it('refuses a field it does not know, and a payload that is no object', async () => {
    expect(await refusal({ ...plain, unknown: true })).toContain('property unknown should not exist');
    expect(await refusal(42)).toEqual(['the payload must be an object']);
  });

  it('refuses a payload without draft', async () => {
    const errors = await refusal({});
    expect(errors.join('\n')).toContain('draft');
  });
});
