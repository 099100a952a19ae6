import { ConnectorClient, ConnectorFactory, TokenCredentials } from 'botframework-connector';

/**
 * Creates clients for the bot's replies to the local Direct Line channel. They carry a secret that only this process
 * knows, so nobody else can post into a conversation through the local connector endpoint.
 */
export class LocalConnectorFactory extends ConnectorFactory {
  constructor(private readonly secret: string) {
    super();
  }

  override async create(serviceUrl: string): Promise<ConnectorClient> {
    return new ConnectorClient(new TokenCredentials(this.secret), { baseUri: serviceUrl });
  }
}
