import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, ClaimsIdentity } from 'botframework-connector';
import { ClientCache, ProactiveAuthentication } from '../../src/handoff/ProactiveAuthentication';

const claims = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

describe('reused channel clients', () => {
  const auth = () =>
    new ProactiveAuthentication(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: 'app-a', MicrosoftAppPassword: 'secret' }), {
      serviceUrl: () => undefined,
      factory: () => {
        throw new Error('no local connector in this test');
      },
    });

  it('gives the same connector client to every turn from one channel, and another to another channel or app', async () => {
    const a = auth();
    const first = await a.createConnectorFactory(claims('app-a')).create('https://smba.trafficmanager.net/teams/');
    const again = await a.createConnectorFactory(claims('app-a')).create('https://smba.trafficmanager.net/teams/');
    const otherChannel = await a.createConnectorFactory(claims('app-a')).create('https://telegram.botframework.com/');
    expect(again).toBe(first);
    expect(otherChannel).not.toBe(first);
    // A turn for another app is not served app-a's client: it is made anew (and refused, as this bot is app-a).
    await expect(a.createConnectorFactory(claims('app-b')).create('https://smba.trafficmanager.net/teams/')).rejects.toThrow('Invalid appId');
    expect(Reflect.get(first, 'baseUri')).toBe('https://smba.trafficmanager.net/teams/');
    expect(Reflect.get(otherChannel, 'baseUri')).toBe('https://telegram.botframework.com/');
  });

  it('reuses the connector client across incoming turns (the path CloudAdapter takes for every message)', async () => {
    const anonymous = new ProactiveAuthentication(new ConfigurationBotFrameworkAuthentication({}), {
      serviceUrl: () => undefined,
      factory: () => {
        throw new Error('no local connector in this test');
      },
    });
    const activity = { type: 'message', channelId: 'webchat', serviceUrl: 'https://webchat.botframework.com/' };
    const clients = [];
    for (let turn = 0; turn < 3; turn++) {
      const result = await anonymous.authenticateRequest(activity as never, '');
      clients.push(await result.connectorFactory!.create(activity.serviceUrl, result.audience));
    }
    expect(clients[1]).toBe(clients[0]);
    expect(clients[2]).toBe(clients[0]);
    expect(anonymous.connectors.count).toBe(1);
  });

  it('gives one user-token client per app', async () => {
    const a = auth();
    expect(await a.createUserTokenClient(claims('app-a'))).toBe(await a.createUserTokenClient(claims('app-a')));
    await expect(a.createUserTokenClient(claims('app-b'))).rejects.toThrow('Invalid appId');
  });

  it('keeps a bounded number of clients, drops the oldest, and does not keep a failed creation', async () => {
    const cache = new ClientCache<number>(3);
    let made = 0;
    const make = () => Promise.resolve(++made);
    for (const key of ['a', 'b', 'c', 'd']) await cache.get(key, make);
    expect(cache.count).toBe(3);
    expect(await cache.get('d', make)).toBe(4);
    expect(await cache.get('a', make)).toBe(5); // 'a' was dropped, so it is made again

    await expect(cache.get('x', () => Promise.reject(new Error('token endpoint down')))).rejects.toThrow('token endpoint down');
    await Promise.resolve();
    expect(await cache.get('x', make)).toBe(6);
  });
});
