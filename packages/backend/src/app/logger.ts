import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one structured logger. Request logs carry method, route, status,
 * duration and request id; never headers, bodies or tokens.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cartkit',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'INFO') as 'INFO',
});
