import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { post, startApp, type RunningApp } from '../helpers/testApp';

const REFERENCE = path.resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'channel-activities');
const load = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(REFERENCE, file), 'utf8'));

interface Sent {
  text?: string;
  suggestedActions?: { actions: Array<{ title: string }> };
}

/** Plays the channel's Bot Connector service: records what the bot sends back to it. */
function fakeConnector(serviceUrl: string): Sent[] {
  const sent: Sent[] = [];
  const origin = new URL(serviceUrl).origin;
  nock(origin)
    .persist()
    .post(/\/v3\/conversations\/.+\/activities/)
    // nock 15 hands a reply function the fetch Request (a two-argument function is taken as callback-style).
    .reply(200, async (request: Request) => {
      sent.push((await request.json()) as Sent);
      return { id: `reply-${sent.length}` };
    });
  return sent;
}

describe('published channel payloads', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => running.stop());
  afterEach(() => nock.cleanAll());

  it.each([
    ['telegram.message.incoming.json', true],
    ['facebook.message.incoming.json', true],
    ['teams.message.personal.clientInfo.json', true],
    ['teams.conversationUpdate.bot-added-personal.json', true],
    ['teams.conversationUpdate.bot-added-to-team.json', false],
    ['teams.conversationUpdate.channelCreated.json', false],
    ['teams.conversationUpdate.teamMemberRemoved.json', false],
  ])('%s is accepted (200) and welcomed only when a person arrives', async (file, welcomed) => {
    const payload = load(file);
    const sent = fakeConnector(String(payload['serviceUrl']));
    const { status } = await post(running.base, payload);
    expect(status).toBe(200);
    if (welcomed) {
      expect(sent[0]?.text).toMatch(/^Hello! I am a guide/);
      expect(sent.length).toBeGreaterThanOrEqual(2);
    } else {
      expect(sent).toEqual([]);
    }
  });

  it('welcomes an SMS user on the first message (SMS never sends conversationUpdate) and lists options as numbered text', async () => {
    const reference = load('sms.conversationReference.json') as {
      user: { id: string };
      bot: { id: string; name: string };
      conversation: { id: string };
      serviceUrl: string;
    };
    const sent = fakeConnector(reference.serviceUrl);
    const { status } = await post(running.base, {
      type: 'message',
      id: 'sms-1',
      channelId: 'sms',
      serviceUrl: reference.serviceUrl,
      from: reference.user,
      recipient: reference.bot,
      conversation: reference.conversation,
      text: 'Hi',
    });
    expect(status).toBe(200);
    expect(sent[0]?.text).toMatch(/^Hello! I am a guide/);
    expect(sent[1]?.suggestedActions).toBeUndefined();
    expect(sent[1]?.text).toMatch(/Which language do you want to use\?\n\n1\. English\n2\. Português/);
  });

  it('uses the Teams clientInfo locale when the person has not chosen a language', async () => {
    const payload = load('teams.message.personal.clientInfo.json');
    delete payload['locale'];
    payload['entities'] = [{ type: 'clientInfo', locale: 'pt-PT', country: 'PT', platform: 'Web' }];
    payload['conversation'] = { conversationType: 'personal', id: 'teams-pt-conversation' };
    payload['from'] = { id: '29:a-person-new-to-the-bot' };
    const sent = fakeConnector(String(payload['serviceUrl']));
    await post(running.base, payload);
    expect(sent[0]?.text).toMatch(/^Olá! Sou um guia/);
  });
});
