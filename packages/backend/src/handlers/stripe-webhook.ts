import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { toHttpRequest } from '../http/request.js';
import { type HttpResponse, problem } from '../http/response.js';
import { functionDeps } from '../runtime/deps.js';
import { logger } from '../runtime/logger.js';
import { sqs } from '../runtime/services/sqs.js';
import { stripe } from '../runtime/services/stripe.js';
import { stripeWebhook } from '../routes/webhooks.js';

const getDeps = functionDeps('stripe-webhook', { sqs, stripe });

/**
 * The Stripe webhook Lambda: its one route, `POST /webhooks/stripe` (verify,
 * enqueue, 200). Not `createHttpHandler`: a server calls it, so no CORS, and
 * its bundle stays free of the catalog and its DynamoDB client.
 */
export const handler = async (
  event: APIGatewayProxyEventV2,
  _context?: Context,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const request = toHttpRequest(event);
  let response: HttpResponse;
  try {
    response = await stripeWebhook(request, await getDeps());
  } catch (error) {
    response = problem(error, request.requestId);
    if (response.statusCode >= 500)
      logger.error('webhook failed', { requestId: request.requestId, error: error as Error });
  }
  response.headers = { ...response.headers, 'X-Request-Id': request.requestId, 'X-Content-Type-Options': 'nosniff' };
  return response;
};
