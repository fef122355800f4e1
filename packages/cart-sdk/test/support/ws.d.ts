// Just the surface of `ws` the tests use (no @types/ws, to keep the lockfile untouched).
declare module 'ws' {
  import type { IncomingMessage } from 'node:http';
  import type { AddressInfo } from 'node:net';

  class WebSocket {
    static readonly OPEN: 1;
    constructor(url: string);
    readonly readyState: number;
    send(data: string): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
  }
  class WebSocketServer {
    constructor(options: { host?: string; port?: number });
    readonly clients: Set<WebSocket>;
    address(): AddressInfo | string;
    once(event: 'listening', listener: () => void): this;
    on(event: 'connection', listener: (socket: WebSocket, request: IncomingMessage) => void): this;
    close(callback?: () => void): void;
  }
  export { WebSocket, WebSocketServer };
  export default WebSocket;
}
