import { describe, expect, it } from 'vitest';
import { realtimeUrlFor } from './realtime-url.js';

describe('realtimeUrlFor', () => {
  it('uses the loopback name the caller used, on the same port (local stack)', () => {
    expect(realtimeUrlFor('ws://localhost:3000/ws', '127.0.0.1:3000')).toBe('ws://127.0.0.1:3000/ws');
    expect(realtimeUrlFor('ws://localhost:3000/ws', 'localhost:3000')).toBe('ws://localhost:3000/ws');
    expect(realtimeUrlFor('ws://localhost:3000/ws', '[::1]:3000')).toBe('ws://[::1]:3000/ws');
  });

  it('leaves every other URL as configured', () => {
    expect(realtimeUrlFor('wss://ws.example.com/prod', 'api.example.com')).toBe('wss://ws.example.com/prod');
    expect(realtimeUrlFor('ws://localhost:3000/ws', 'evil.example:3000')).toBe('ws://localhost:3000/ws');
    expect(realtimeUrlFor('ws://localhost:3000/ws', '127.0.0.1:4000')).toBe('ws://localhost:3000/ws');
    expect(realtimeUrlFor('ws://localhost:3000/ws', '127.0.0.1:3000/../x')).toBe('ws://localhost:3000/ws');
    expect(realtimeUrlFor('ws://localhost:3000/ws', undefined)).toBe('ws://localhost:3000/ws');
  });
});
