import { Test } from '@nestjs/testing';
import { WsException } from '@nestjs/websockets';
import { WsAuthVerifier } from '../websockets/ws-auth';
import { wsValidationPipe } from '../websockets/ws-validation.pipe';
import { ChatGateway } from './chat.gateway';
import { ChatSendDto, type ChatGatewaySocket } from './chat.events';

/** What the gateway's pipe says of a payload it refuses. */
async function refusal(payload: unknown): Promise<string[]> {
  const error: unknown = await wsValidationPipe()
    .transform(payload, { type: 'body', metatype: ChatSendDto })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WsException);
  return ((error as WsException).getError() as { errors: string[] }).errors;
}

describe("ChatGateway: 'chat:send'", () => {
  let gateway: ChatGateway;
  const plain = { text: 'hello', roomId: 'hello' };
  const payload = Object.assign(new ChatSendDto(), plain);

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [ChatGateway, WsAuthVerifier],
    }).compile();
    gateway = moduleRef.get(ChatGateway);
  });

  it('answers through the ack', () => {
    const client = { id: 'socket-1', data: {} } as unknown as ChatGatewaySocket;
    expect(gateway.handleChatSend(payload, client)).toMatchObject({ ok: true, from: 'socket-1' });
  });

  it('refuses a field it does not know, and a payload that is no object', async () => {
    expect(await refusal({ ...plain, unknown: true })).toContain('property unknown should not exist');
    expect(await refusal(42)).toEqual(['the payload must be an object']);
  });

  it('refuses a payload without text', async () => {
    const errors = await refusal({ roomId: 'hello' });
    expect(errors.join('\n')).toContain('text');
  });
});
