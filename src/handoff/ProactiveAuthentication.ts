import type { Activity } from 'botbuilder';
import {
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
 * the local connector factory. With it, `adapter.continueConversationAsync` reaches people on the local channel (an
 * adviser's reply, the satisfaction question) as it reaches people on Azure channels.
 */
export class ProactiveAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly local: LocalConnector,
  ) {
    super();
  }

  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateRequest(activity, authHeader);
  }

  override authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new RoutingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), this.local);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
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
