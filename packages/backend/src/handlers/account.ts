import { createHttpHandler } from '../http/handler.js';
import { deleteMe, getMe } from '../routes/account.js';

/** The account Lambda: who am I, and delete me (Cognito user, cart, sessions). Routes: `ROUTES` of `account`. */
export const handler = createHttpHandler('account', { getMe, deleteMe });
