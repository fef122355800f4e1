import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { cognitoJwks } from '../runtime/services/cognito-jwks.js';
import { cartStore, connectionStore, dynamodb, revocationStore } from '../runtime/services/dynamodb.js';
import { secretsManager } from '../runtime/services/secrets-manager.js';
import { ownerFromCredentials } from '../use-cases/identity.js';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';
import { ownerKey } from '../domain/owner.js';
import { refuseForeignOrigin } from '../http/cors.js';

const getDeps = functionDeps('ws-connect', {
  dynamodb: dynamodb(connectionStore, revocationStore, cartStore),
  'secrets-manager': secretsManager,
  'cognito-jwks': cognitoJwks,
});

/** API Gateway closes WebSocket connections after 2 hours; the row lives no longer. */
const CONNECTION_TTL_SECONDS = 2 * 60 * 60;

type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
};

/**
 * `$connect`: the same rules as HTTP, then a cap. An `Origin` off the allow-list
 * is 403 (`refuseForeignOrigin`); `?token=<access token>` or `?cartToken=<token>`
 * must pass `ownerFromCredentials`, the resolver HTTP uses (verified, not revoked,
 * not expired), else 401; an owner
 * with `MAX_CONNECTIONS_PER_OWNER` sockets open already is refused the new one
 * with 429 (the newest is refused, so no open tab is ever cut off by another).
 * On AWS a refusal fails the handshake with that status; the local stack closes
 * the socket with 4401 / 4403 / 4429 (docs/API.md, Realtime).
 */
export const handler = async (event: ConnectEvent): Promise<APIGatewayProxyResultV2> => {
  const deps = await getDeps();
  try {
    refuseForeignOrigin(headerValue(event.headers, 'origin'), deps.config.allowedOrigins);
  } catch (error) {
    if (error instanceof ForbiddenError) return { statusCode: 403, body: 'Forbidden' };
    throw error;
  }
  const query = event.queryStringParameters ?? {};
  let key: string;
  try {
    // An empty parameter counts as absent, as it always has on this route.
    const owner = await ownerFromCredentials(
      { accessToken: query.token || undefined, cartToken: query.cartToken || undefined },
      deps,
    );
    if (owner === undefined) return { statusCode: 401, body: 'Unauthorized' };
    key = ownerKey(owner);
  } catch (error) {
    if (error instanceof UnauthorizedError) return { statusCode: 401, body: 'Unauthorized' };
    throw error;
  }
  const cap = deps.config.maxConnectionsPerOwner;
  if (cap > 0 && (await deps.connections.listByOwner(key)).length >= cap) {
    logger.info('connection refused: owner at the cap', { cap });
    return { statusCode: 429, body: 'Too many connections' };
  }
  await deps.connections.put(
    { ownerKey: key, connectionId: event.requestContext.connectionId },
    CONNECTION_TTL_SECONDS,
    deps.now(),
  );
  logger.debug('connected', { connectionId: event.requestContext.connectionId });
  return { statusCode: 200 };
};

/** WebSocket events keep header names as the client sent them: look them up case-insensitively. */
function headerValue(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}
