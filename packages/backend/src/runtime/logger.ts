import { Logger } from '@aws-lambda-powertools/logger';
import { ENV } from '../topology/env.js';

/**
 * The one structured logger. Request logs carry method, route, status,
 * duration and request id; never headers, bodies or tokens.
 */
export const logger = new Logger({
  serviceName: process.env[ENV.serviceName] ?? 'cartkit',
  logLevel: (process.env[ENV.logLevel] ?? process.env.LOG_LEVEL ?? 'INFO') as 'INFO',
});
