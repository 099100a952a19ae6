import { TurnContext, TestAdapter, type Activity } from 'botbuilder';
import { renderChoicePrompt, type ChoiceSpec } from '../../dialogs/prompts/LocalizedChoicePrompt';
import { setTurnLocale } from '../../src/bot/turnLocale';
import { i18n } from '../helpers/testApp';

function contextOn(channelId: string): TurnContext {
  const adapter = new TestAdapter(async () => undefined, { channelId });
  const context = new TurnContext(adapter, { type: 'message', channelId, text: 'x' } as Activity);
  setTurnLocale(context, i18n, 'en');
  return context;
}

const options = (count: number, label = (i: number) => `Option ${i + 1}`): { prompt: { key: string }; choices: ChoiceSpec[] } => ({
  prompt: { key: 'menu:topics.prompt.newcomer' },
  choices: Array.from({ length: count }, (_, i) => ({ value: `v${i}`, label: { literal: label(i) } })),
});

describe('choice prompts fit the channel', () => {
  it.each([
    ['webchat', 4, 'buttons'],
    ['webchat', 12, 'buttons'],
    ['directline', 12, 'buttons'],
    ['telegram', 4, 'buttons'],
    ['telegram', 12, 'buttons'],
    ['facebook', 4, 'buttons'],
    ['facebook', 12, 'list'],
    ['sms', 4, 'list'],
    ['sms', 12, 'list'],
    ['a-channel-nobody-knows', 4, 'list'],
    ['a-channel-nobody-knows', 12, 'list'],
  ])('%s with %i choices → %s', (channelId, count, expected) => {
    const rendered = renderChoicePrompt(contextOn(channelId), options(count));
    if (expected === 'buttons') {
      expect(rendered.suggestedActions?.actions.map((a) => a.title)).toHaveLength(count);
      expect(rendered.text).toBe('What can I help you with?');
    } else {
      expect(rendered.suggestedActions).toBeUndefined();
      const lines = (rendered.text ?? '').split('\n');
      expect(lines.slice(-count)).toEqual(Array.from({ length: count }, (_, i) => `${i + 1}. Option ${i + 1}`));
    }
  });

  it('falls back to a numbered list when a label is longer than 20 characters, even on web chat', () => {
    const rendered = renderChoicePrompt(contextOn('webchat'), options(3, (i) => (i === 1 ? 'A label that is far too long' : `Short ${i}`)));
    expect(rendered.suggestedActions).toBeUndefined();
    expect(rendered.text).toContain('2. A label that is far too long');
  });
});
