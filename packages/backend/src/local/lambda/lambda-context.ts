import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../support/aws-config.js';
import { functionNamed } from '../../topology/functions.js';

/**
 * A Lambda `Context` for one invocation of `functionName`, as the Node.js
 * runtime builds it; `getRemainingTimeInMillis` counts down from the
 * function's timeout in the topology (`FUNCTIONS`), but nothing enforces it locally.
 *
 * @example
 * ```ts
 * await handler(event, lambdaContext('cart-api'));
 * ```
 */
export function lambdaContext(
  functionName: string,
  timeoutMs = functionNamed(functionName).timeoutSeconds * 1000,
): Context {
  const deadline = Date.now() + timeoutMs;
  const name = `cartkit-local-${functionName}`;
  const legacy = () => {
    throw new Error('callback-style context methods are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: legacy,
    fail: legacy,
    succeed: legacy,
  };
}
