import type { APIGatewayProxyWebsocketEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { getDeps } from '../app/deps.js';
import { logger } from '../app/logger.js';
import { ownerKey } from '../domain/owner.js';

/** API Gateway closes WebSocket connections after 2 hours; the row lives no longer. */
const CONNECTION_TTL_SECONDS = 2 * 60 * 60;

type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  queryStringParameters?: Record<string, string | undefined>;
};

/**
 * `$connect`: authenticates `?token=<access token>` or `?cartToken=<token>`
 * and remembers the connection under its owner. Anything else is 401, which
 * refuses the connection (the local stack closes it with 4401).
 */
export const handler = async (event: ConnectEvent): Promise<APIGatewayProxyResultV2> => {
  const deps = await getDeps();
  const query = event.queryStringParameters ?? {};
  let key: string | undefined;
  if (query.token) {
    try {
      key = ownerKey({ kind: 'user', id: (await deps.verifier.verify(query.token)).sub });
    } catch {
      key = undefined;
    }
  } else if (query.cartToken) {
    const anonymous = (await deps.cartTokens()).verify(query.cartToken);
    if (anonymous) key = ownerKey({ kind: 'anonymous', id: anonymous.id });
  }
  if (key === undefined) return { statusCode: 401, body: 'Unauthorized' };
  await deps.sessions.put(
    { ownerKey: key, connectionId: event.requestContext.connectionId },
    CONNECTION_TTL_SECONDS,
    deps.now(),
  );
  logger.debug('connected', { connectionId: event.requestContext.connectionId });
  return { statusCode: 200 };
};
