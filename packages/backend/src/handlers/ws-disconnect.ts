import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { getDeps } from '../app/deps.js';

/** `$disconnect`: forgets the connection (its row would expire by TTL anyway). */
export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const deps = await getDeps();
  const connectionId = event.requestContext.connectionId;
  const owner = await deps.sessions.ownerOf(connectionId);
  if (owner) await deps.sessions.remove({ ownerKey: owner, connectionId });
  return { statusCode: 200 };
};
