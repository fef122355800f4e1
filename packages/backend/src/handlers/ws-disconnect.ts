import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { connectionStore, dynamodb } from '../runtime/services/dynamodb.js';

const getDeps = functionDeps('ws-disconnect', { dynamodb: dynamodb(connectionStore) });

/** `$disconnect`: forgets the connection (its row would expire by TTL anyway). */
export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  const deps = await getDeps();
  const connectionId = event.requestContext.connectionId;
  const owner = await deps.connections.ownerOf(connectionId);
  if (owner) await deps.connections.remove({ ownerKey: owner, connectionId });
  return { statusCode: 200 };
};
