import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { apiGatewayId, apiGatewayTime } from '../api-gateway-ids.js';

/** One WebSocket connection as API Gateway knows it. */
export interface ConnectionInfo {
  readonly connectionId: string;
  readonly connectedAt: Date;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly domainName: string;
}

/** The WebSocket API's stage name on the local stack. */
export const WS_STAGE = 'local';

/** The event shapes API Gateway's WebSocket API sends, with the fields `$connect`/`$disconnect` add. */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & {
    identity: { sourceIp: string; userAgent: string };
    disconnectStatusCode?: number;
    disconnectReason?: string;
  };
};

function requestContext(
  connection: ConnectionInfo,
  kind: { routeKey: string; eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT' },
): WebSocketEvent['requestContext'] {
  const now = new Date();
  const requestId = apiGatewayId();
  return {
    routeKey: kind.routeKey,
    messageId: kind.eventType === 'MESSAGE' ? apiGatewayId() : '',
    eventType: kind.eventType,
    extendedRequestId: requestId,
    requestTime: apiGatewayTime(now),
    messageDirection: 'IN',
    stage: WS_STAGE,
    connectedAt: connection.connectedAt.getTime(),
    requestTimeEpoch: now.getTime(),
    identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
    requestId,
    domainName: connection.domainName,
    connectionId: connection.connectionId,
    apiId: 'local',
  };
}

/** Headers and query of the upgrade request, in both the single- and multi-value forms API Gateway sends. */
export interface HandshakeRequest {
  readonly rawHeaders: readonly string[];
  readonly url: string;
}

function handshakeFields(
  handshake: HandshakeRequest,
): Pick<WebSocketEvent, 'headers' | 'multiValueHeaders' | 'queryStringParameters' | 'multiValueQueryStringParameters'> {
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < handshake.rawHeaders.length; i += 2) {
    // WebSocket events keep the header names as sent (unlike HTTP API v2.0).
    const name = handshake.rawHeaders[i] ?? '';
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), handshake.rawHeaders[i + 1] ?? ''];
  }
  const multiValueQuery: Record<string, string[]> = {};
  for (const [name, value] of new URL(handshake.url, 'http://localhost').searchParams) {
    multiValueQuery[name] = [...(multiValueQuery[name] ?? []), value];
  }
  const last = (values: Record<string, string[]>) =>
    Object.fromEntries(Object.entries(values).map(([name, list]) => [name, list.at(-1) ?? '']));
  const hasQuery = Object.keys(multiValueQuery).length > 0;
  return {
    headers: last(multiValueHeaders),
    multiValueHeaders,
    ...(hasQuery
      ? { queryStringParameters: last(multiValueQuery), multiValueQueryStringParameters: multiValueQuery }
      : {}),
  };
}

/**
 * `$connect`: the handshake's headers and query string.
 *
 * @example
 * ```ts
 * const event = connectEvent(connection, { rawHeaders: req.rawHeaders, url: req.url ?? '/' });
 * ```
 */
export function connectEvent(connection: ConnectionInfo, handshake: HandshakeRequest): WebSocketEvent {
  return {
    ...handshakeFields(handshake),
    requestContext: requestContext(connection, { routeKey: '$connect', eventType: 'CONNECT' }),
    isBase64Encoded: false,
  };
}

/** `$default`: one message from the client. Binary frames arrive base64-encoded. */
export function messageEvent(connection: ConnectionInfo, data: Buffer, isBinary: boolean): WebSocketEvent {
  return {
    requestContext: requestContext(connection, { routeKey: '$default', eventType: 'MESSAGE' }),
    body: data.toString(isBinary ? 'base64' : 'utf8'),
    isBase64Encoded: isBinary,
  };
}

/** `$disconnect`: with the close code and reason API Gateway reports. */
export function disconnectEvent(
  connection: ConnectionInfo,
  handshake: HandshakeRequest,
  close: { code: number; reason: string },
): WebSocketEvent {
  return {
    ...handshakeFields(handshake),
    requestContext: {
      ...requestContext(connection, { routeKey: '$disconnect', eventType: 'DISCONNECT' }),
      disconnectStatusCode: close.code,
      disconnectReason: close.reason,
    },
    isBase64Encoded: false,
  };
}
