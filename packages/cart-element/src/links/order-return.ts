import type { LinkFollower } from './follow-link.js';

/**
 * The payment page's way back, `#cartkit-order=<id>&token=<t>` (and
 * `&payment=cancelled` from its cancel link): once the client is attached,
 * the order view opens on that order, read with the link's token.
 */
export const followOrderReturn: LinkFollower = async (link, target, errors) => (client) => {
  client
    .getOrder(link.get('cartkit-order') ?? '', { token: link.get('token') ?? '' })
    .then((order) => target.showOrder(order, !!link.get('payment')), errors.report.bind(errors));
};
