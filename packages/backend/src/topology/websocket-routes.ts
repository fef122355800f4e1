import type { FunctionName } from './functions.js';

/** The WebSocket stage browsers connect to (`wss://{api}/live` on AWS). */
export const REALTIME_STAGE = 'live';

/** Where the local gateway accepts WebSocket upgrades (`ws://localhost:<port>/ws`). */
export const LOCAL_WEBSOCKET_PATH = '/ws';

export interface WebSocketRouteDefinition {
  readonly routeKey: '$connect' | '$disconnect' | '$default';
  readonly handler: FunctionName;
  /** The handler's result body goes back to the sender (a route response). */
  readonly returnResponse: boolean;
}

/**
 * The WebSocket API's routes, defined once: the CDK app creates them on the
 * realtime API and the local WebSocket API invokes the same handlers on the
 * handshake, each message and the close.
 */
export const WEBSOCKET_ROUTES = [
  { routeKey: '$connect', handler: 'ws-connect', returnResponse: false },
  { routeKey: '$disconnect', handler: 'ws-disconnect', returnResponse: false },
  // ws-default answers ping with pong as its route response, so the response must be returned.
  { routeKey: '$default', handler: 'ws-default', returnResponse: true },
] as const satisfies readonly WebSocketRouteDefinition[];

/**
 * The function behind one WebSocket route.
 *
 * @example
 * ```ts
 * websocketHandler('$connect'); // 'ws-connect'
 * ```
 */
export function websocketHandler(routeKey: WebSocketRouteDefinition['routeKey']): FunctionName {
  const route = WEBSOCKET_ROUTES.find((r) => r.routeKey === routeKey);
  if (!route) throw new Error(`No WebSocket route ${routeKey}`);
  return route.handler;
}
