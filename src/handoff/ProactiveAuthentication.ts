import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/** Where this server's own Direct Line channel receives the bot's messages, and how to reach it. */
export interface LocalConnector {
  /** The local connector URL of this process now (its port may differ from the one a stored reference names). */
  serviceUrl(): string | undefined;
  factory(): ConnectorFactory;
}

/**
 * Whether a serviceUrl is this server's local Direct Line connector: the path `/_connector` on a loopback host (or on
 * the host this process serves). A reference stored before a restart names the old port: it is still local.
 */
export function isLocalServiceUrl(serviceUrl: string | undefined, current: string | undefined): boolean {
  if (!serviceUrl) return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.pathname.replace(/\/+$/, '') !== '/_connector') return false;
  const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname);
  const sameHost = current !== undefined && new URL(current).hostname === url.hostname;
  return loopback || sameHost;
}

/** How many clients of each kind are kept (the serviceUrl of an unauthenticated request is the sender's choice). */
const CLIENT_CACHE_SIZE = 64;

/**
 * Clients made once and reused, as botbuilder's older BotFrameworkAdapter did: CloudAdapter asks for a new connector
 * client and user-token client on every turn, and building their HTTP pipelines was about a tenth of a turn's CPU.
 * A client holds no per-request state; its credentials fetch and renew their own tokens. A failed creation is not
 * kept. At most CLIENT_CACHE_SIZE are kept, the oldest dropped first.
 */
export class ClientCache<T> {
  readonly #clients = new Map<string, Promise<T>>();

  constructor(private readonly size = CLIENT_CACHE_SIZE) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    const known = this.#clients.get(key);
    if (known) return known;
    const made = create();
    this.#clients.set(key, made);
    if (this.#clients.size > this.size) this.#clients.delete(this.#clients.keys().next().value!);
    made.catch(() => {
      if (this.#clients.get(key) === made) this.#clients.delete(key);
    });
    return made;
  }

  get count(): number {
    return this.#clients.size;
  }
}

/** The app id a ClaimsIdentity speaks for, as botframework-connector reads it (audience claim, else appid claim). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

class CachingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly cache: ClientCache<ConnectorClient>,
    private readonly appId: string,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.cache.get(JSON.stringify([this.appId, serviceUrl, audience ?? null]), () => this.inner.create(serviceUrl, audience));
  }
}

class RoutingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly channels: ConnectorFactory,
    private readonly local: LocalConnector,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const current = this.local.serviceUrl();
    if (current && isLocalServiceUrl(serviceUrl, current)) return this.local.factory().create(current, audience);
    return this.channels.create(serviceUrl, audience);
  }
}

/**
 * The adapter's authentication, unchanged, except that connector clients for the local Direct Line channel are made by
 * the local connector factory, and that clients for channels are reused (see ClientCache). With it, `adapter.continueConversationAsync` reaches people on the local channel (an
 * adviser's reply, the satisfaction question) as it reaches people on Azure channels.
 */
export class ProactiveAuthentication extends BotFrameworkAuthentication {
  readonly connectors = new ClientCache<ConnectorClient>();
  readonly userTokenClients = new ClientCache<UserTokenClient>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly local: LocalConnector,
  ) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.#reusingClients(await this.inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.#reusingClients(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  /** An incoming turn's connector factory, as the inner authentication made it, with its clients reused. */
  #reusingClients(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const factory = result.connectorFactory;
    if (!factory) return result;
    return { ...result, connectorFactory: new CachingConnectorFactory(factory, this.connectors, appIdOf(result.claimsIdentity)) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const channels = new CachingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), this.connectors, appIdOf(claimsIdentity));
    return new RoutingConnectorFactory(channels, this.local);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
