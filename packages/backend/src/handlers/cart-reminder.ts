import type { Context, ScheduledEvent } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { cognitoIdp } from '../runtime/services/cognito-idp.js';
import { logger } from '../runtime/logger.js';
import { cartReminderStore, cartStore, catalogStore, dynamodb } from '../runtime/services/dynamodb.js';
import { secretsManager } from '../runtime/services/secrets-manager.js';
import { ses } from '../runtime/services/ses.js';
import { type SweepResult, sendDueReminders } from '../use-cases/cart-reminders.js';

const getDeps = functionDeps('cart-reminder', {
  dynamodb: dynamodb(cartStore, cartReminderStore, catalogStore),
  ses,
  // The links' tokens are derived from the cart token secret.
  'secrets-manager': secretsManager,
  // A signed-in shopper's email, from the account when the reminder goes.
  'cognito-idp': cognitoIdp,
});

/** The abandoned-cart reminder Lambda (EventBridge Scheduler; a timer locally): one email per cart left untouched. */
export const handler = async (_event: ScheduledEvent, _context?: Context): Promise<SweepResult> => {
  const result = await sendDueReminders(await getDeps(), { log: logger });
  if (result.sent + result.failed > 0) logger.info('reminder sweep', { ...result });
  return result;
};
