import type { Context, ScheduledEvent } from 'aws-lambda';
import { functionDeps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import {
  cartReminderStore,
  dynamodb,
  fulfilmentStore,
  orderStore,
  paymentStore,
} from '../runtime/services/dynamodb.js';
import { sqs } from '../runtime/services/sqs.js';
import { stripe } from '../runtime/services/stripe.js';
import { sweepExpiredPayments } from '../use-cases/payment-events.js';

const getDeps = functionDeps('payment-sweeper', {
  dynamodb: dynamodb(orderStore, fulfilmentStore, paymentStore, cartReminderStore),
  stripe,
  sqs,
});

/** The payment sweeper Lambda (EventBridge schedule; a timer locally): expires orders whose payment window passed. */
export const handler = async (
  _event: ScheduledEvent,
  _context?: Context,
): Promise<{ expired: number; reconciled: number }> => {
  const result = await sweepExpiredPayments(await getDeps());
  if (result.expired + result.reconciled > 0) logger.info('sweeper run', result);
  return result;
};
