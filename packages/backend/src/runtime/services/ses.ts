import { createSesClient, SesMailer } from '../../adapters/mailer.js';
import type { ServiceModule } from '../deps.js';

/** Email through SES v2 from the receipts' identity (aws-ses-v2-local on the local stack). */
export const ses: ServiceModule<'ses'> = (config) => ({
  mailer: new SesMailer(createSesClient({ region: config.region, endpoint: config.sesEndpoint }), {
    from: config.receiptFromAddress,
  }),
});
