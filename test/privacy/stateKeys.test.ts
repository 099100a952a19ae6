import { ConversationState, MemoryStorage, TestAdapter, TurnContext, UserState } from 'botbuilder';
import { conversationStateKey, parseConversationStateKey, userStateKey } from '../../src/privacy/stateKeys';

function contextFor(channelId: string, userId: string, conversationId: string): TurnContext {
  const adapter = new TestAdapter(async () => undefined);
  return new TurnContext(adapter, {
    type: 'message',
    channelId,
    from: { id: userId, name: '' },
    recipient: { id: 'bot', name: '' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  });
}

describe('state keys', () => {
  it.each([
    ['webchat', 'user-1', 'conv-1'],
    ['sms', '+447700900123', '+447700900123'],
    ['msteams', '29:1a-b', 'a:1x;messageid=17'],
    ['directline', 'dl_abc', 'DL/with/slashes'],
  ])('match what botbuilder writes for %s', (channelId, userId, conversationId) => {
    const storage = new MemoryStorage();
    const context = contextFor(channelId, userId, conversationId);
    const person = { channelId, userId, conversationId };
    expect(userStateKey(person)).toBe(new UserState(storage).getStorageKey(context));
    expect(conversationStateKey(person)).toBe(new ConversationState(storage).getStorageKey(context));
    expect(parseConversationStateKey(conversationStateKey(person))).toEqual({ channelId, conversationId });
  });

  it.each([
    'webchat/users/u/',
    'webchat/users/x/conversations/y/',
    'audit/erasures/2025-03',
    'webchat/conversations/',
    'webchat/conversations/a/namespace',
  ])('does not take %s for a conversation', (key) => {
    expect(parseConversationStateKey(key)).toBeUndefined();
  });
});
