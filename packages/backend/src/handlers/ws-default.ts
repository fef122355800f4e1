import { ClientMessageSchema } from '@cartkit/contract';
import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import * as v from 'valibot';

/**
 * `$default`: the only client message is `{ "type": "ping" }`, answered with
 * `{ "type": "pong" }` as the route response. Anything else gets an error
 * message and changes nothing.
 */
export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  let data: unknown;
  try {
    data = JSON.parse(event.body ?? '');
  } catch {
    data = undefined;
  }
  if (!v.is(ClientMessageSchema, data)) {
    return { statusCode: 400, body: JSON.stringify({ type: 'error', message: 'Send {"type":"ping"}.' }) };
  }
  return { statusCode: 200, body: JSON.stringify({ type: 'pong' }) };
};
