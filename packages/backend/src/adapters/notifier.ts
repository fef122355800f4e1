import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { ServerMessage } from '@cartkit/contract';
import { meterClient } from '../runtime/meter.js';

/** Pushes a message to one WebSocket connection. `gone` means the connection no longer exists. */
export interface Notifier {
  send(connectionId: string, message: ServerMessage): Promise<'sent' | 'gone'>;
  disconnect(connectionId: string): Promise<void>;
}

/**
 * API Gateway's `@connections` API. On the local stack `endpoint` is the
 * gateway's stand-in, so this code runs unchanged.
 */
export class ApiGatewayNotifier implements Notifier {
  readonly #client: ApiGatewayManagementApiClient;

  constructor(options: { region: string; endpoint: string }) {
    this.#client = meterClient(
      new ApiGatewayManagementApiClient({
        region: options.region,
        endpoint: options.endpoint,
        maxAttempts: 2,
      }),
      'apigateway',
    );
  }

  async send(connectionId: string, message: ServerMessage): Promise<'sent' | 'gone'> {
    try {
      await this.#client.send(
        new PostToConnectionCommand({
          ConnectionId: connectionId,
          Data: new TextEncoder().encode(JSON.stringify(message)),
        }),
      );
      return 'sent';
    } catch (error) {
      if (isGone(error)) return 'gone';
      throw error;
    }
  }

  async disconnect(connectionId: string): Promise<void> {
    try {
      await this.#client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  }
}

function isGone(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'GoneException' || e.$metadata?.httpStatusCode === 410;
}
