import type { Context, ScheduledEvent } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { dynamodb, fulfilmentStore, orderStore, paymentStore } from '../runtime/services/dynamodb.js';
import { stripe } from '../runtime/services/stripe.js';
import { sweepExpiredPayments } from '../use-cases/payment-events.js';

const getDeps = functionDeps('payment-sweeper', {
  dynamodb: dynamodb(orderStore, fulfilmentStore, paymentStore),
  stripe,
});

/** The payment sweeper Lambda (EventBridge schedule; a timer locally): expires orders whose payment window passed. */
export const handler = async (_event: ScheduledEvent, _context?: Context): Promise<{ expired: number }> => {
  const expired = await sweepExpiredPayments(await getDeps());
  if (expired > 0) logger.info('sweeper expired orders', { expired });
  return { expired };
};
