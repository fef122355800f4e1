import type { ServerMessage } from '@cartkit/contract';
import type { Deps } from '../runtime/deps.js';

/**
 * Sends a message to every open connection of an owner. Connections that are
 * gone (410) are forgotten; any other failure is raised after trying all of
 * them, so the stream record is retried (clients drop repeats by version).
 */
export async function notifyOwner(deps: Deps, ownerKey: string, message: ServerMessage): Promise<number> {
  const notifier = deps.notifier;
  if (!notifier) return 0;
  const connections = await deps.connections.listByOwner(ownerKey);
  let sent = 0;
  const failures: unknown[] = [];
  await Promise.all(
    connections.map(async (connection) => {
      try {
        if ((await notifier.send(connection.connectionId, message)) === 'gone')
          await deps.connections.remove(connection);
        else sent++;
      } catch (error) {
        failures.push(error);
      }
    }),
  );
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} of ${connections.length} pushes failed`);
  return sent;
}
