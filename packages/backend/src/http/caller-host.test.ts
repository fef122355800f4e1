import { describe, expect, it } from 'vitest';
import { onCallerHost } from './caller-host.js';

describe('onCallerHost', () => {
  it('uses the loopback name the caller used, on the same port (local stack)', () => {
    expect(onCallerHost('ws://localhost:3000/ws', '127.0.0.1:3000')).toBe('ws://127.0.0.1:3000/ws');
    expect(onCallerHost('ws://localhost:3000/ws', 'localhost:3000')).toBe('ws://localhost:3000/ws');
    expect(onCallerHost('ws://localhost:3000/ws', '[::1]:3000')).toBe('ws://[::1]:3000/ws');
    expect(onCallerHost('http://localhost:3000', '127.0.0.1:3000')).toBe('http://127.0.0.1:3000/');
  });

  it('leaves every other URL as configured', () => {
    expect(onCallerHost('wss://ws.example.com/prod', 'api.example.com')).toBe('wss://ws.example.com/prod');
    expect(onCallerHost('ws://localhost:3000/ws', 'evil.example:3000')).toBe('ws://localhost:3000/ws');
    expect(onCallerHost('ws://localhost:3000/ws', '127.0.0.1:4000')).toBe('ws://localhost:3000/ws');
    expect(onCallerHost('ws://localhost:3000/ws', '127.0.0.1:3000/../x')).toBe('ws://localhost:3000/ws');
    expect(onCallerHost('ws://localhost:3000/ws', undefined)).toBe('ws://localhost:3000/ws');
    expect(onCallerHost('https://d111.cloudfront.net', '127.0.0.1:443')).toBe('https://d111.cloudfront.net');
  });
});
