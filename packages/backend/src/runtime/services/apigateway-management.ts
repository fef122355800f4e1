import { ApiGatewayNotifier } from '../../adapters/notifier.js';
import type { ServiceModule } from '../deps.js';

/** Realtime pushes through `@connections`; none where no WebSocket API is configured. */
export const apigatewayManagement: ServiceModule<'apigateway-management'> = (config) => ({
  notifier: config.connectionsEndpoint
    ? new ApiGatewayNotifier({ region: config.region, endpoint: config.connectionsEndpoint })
    : undefined,
});
