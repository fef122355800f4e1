import { createHttpHandler } from '../http/handler.js';
import { deleteMe, getMe } from '../routes/account.js';

/** The account Lambda: who am I, and delete me (Cognito user, cart, sessions). */
export const handler = createHttpHandler({
  'GET /api/me': getMe,
  'DELETE /api/me': deleteMe,
});
