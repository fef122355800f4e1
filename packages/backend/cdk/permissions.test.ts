import { describe, expect, it } from 'vitest';
import { TABLES } from '../src/topology/tables.js';
import { FUNCTIONS, type FunctionName } from '../src/topology/functions.js';
import { actionsOf, cartkitStack, referencedIds, statementsOf, tableAccess } from './testing.js';

const HANDLERS = FUNCTIONS.map((fn) => fn.name);

const TABLE_IDS = TABLES.map((t) => t.id);
const READ = ['dynamodb:GetItem', 'dynamodb:Query'];
/** Every action of the topology's `read` access. */
const READ_ALL = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

describe('least privilege', () => {
  const { template } = cartkitStack();
  const access = (name: FunctionName) => tableAccess(template, name, TABLE_IDS);
  const allActions = (name: FunctionName) => statementsOf(template, name).flatMap(actionsOf);

  it('never grants a service-wide wildcard action', () => {
    for (const name of HANDLERS) {
      for (const action of allActions(name)) expect(action, name).not.toMatch(/(^\*$|:\*$)/);
    }
  });

  it('lets cart-api read and write carts without scanning them, and scan only the catalog', () => {
    const tables = access('cart-api');

    expect([...(tables.get('Carts') ?? [])]).toEqual(expect.arrayContaining([...READ, ...WRITE]));
    expect(tables.get('Carts')).not.toContain('dynamodb:Scan');
    expect(tables.get('Products')).toContain('dynamodb:Scan');
    expect(tables.get('Products')).not.toContain('dynamodb:PutItem');
    // It reads orders (GET /orders, /orders/{id}); placing one is checkout-api's.
    expect(tables.get('Orders')).toEqual(
      new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']),
    );
    expect([...(tables.get('RateLimits') ?? [])]).toEqual(expect.arrayContaining(['dynamodb:UpdateItem']));
    expect(tables.get('Revocations')).toEqual(
      new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']),
    );
    // The quote reads a discount code's rule and the customer's uses; counting a use is checkout-api's.
    expect(tables.get('Discounts')).toEqual(
      new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']),
    );
    expect([...tables.keys()].sort()).toEqual([
      'Carts',
      'Discounts',
      'Orders',
      'Products',
      'RateLimits',
      'Revocations',
    ]);
    for (const [id, actions] of tables) if (id !== 'Products') expect(actions, id).not.toContain('dynamodb:Scan');
  });

  it('lets checkout-api place orders (counting discount uses) and read carts, the catalog and revocations, and nothing else', () => {
    const tables = access('checkout-api');

    expect([...(tables.get('Orders') ?? [])]).toEqual(expect.arrayContaining([...READ, 'dynamodb:PutItem']));
    expect([...(tables.get('Carts') ?? [])]).toEqual(expect.arrayContaining([...READ, ...WRITE]));
    expect(tables.get('Products')).not.toContain('dynamodb:PutItem');
    expect(tables.get('Revocations')).toEqual(
      new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem']),
    );
    // Checkout counts a discount code's use in the transaction that places the order: update, never put or delete.
    expect(tables.get('Discounts')).toEqual(
      new Set([
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:ConditionCheckItem',
        'dynamodb:UpdateItem',
      ]),
    );
    expect([...tables.keys()].sort()).toEqual(['Carts', 'Discounts', 'Orders', 'Products', 'Revocations']);
    for (const [id, actions] of tables) if (id !== 'Products') expect(actions, id).not.toContain('dynamodb:Scan');
  });

  it('lets checkout-api send to the orders and cleanup queues, the webhook to payment events, the payment worker, sweeper and order worker (CONFIRMED receipts) to mail, stream processor to webhooks and mail (fulfilled orders), shop admin to webhooks, and nobody else send anywhere', () => {
    for (const name of HANDLERS) {
      const sends = statementsOf(template, name).filter((s) => actionsOf(s).includes('sqs:SendMessage'));
      const targets = sends.flatMap((s) => referencedIds(s.Resource)).sort();
      if (name === 'checkout-api')
        expect(targets.map((t) => t.replace(/[0-9A-F]{8}$/, ''))).toEqual(['QueuesCartCleanup', 'QueuesOrders']);
      else if (name === 'stripe-webhook')
        expect(targets.map((t) => t.replace(/[0-9A-F]{8}$/, ''))).toEqual(['QueuesPaymentEvents']);
      else if (name === 'payment-worker' || name === 'payment-sweeper' || name === 'order-worker')
        expect(targets.map((t) => t.replace(/[0-9A-F]{8}$/, ''))).toEqual(['QueuesMail']);
      // Merchant webhooks: the stream processor queues deliveries, the admin API replays them.
      else if (name === 'shop-admin')
        expect(targets.map((t) => t.replace(/[0-9A-F]{8}$/, ''))).toEqual(['QueuesWebhooks']);
      // The stream processor's on-failure destination is written by Lambda's event source mapping through its role;
      // it queues merchant webhooks, and the "on its way" email of an order that moved to FULFILLED.
      else if (name === 'stream-processor') {
        const queues = targets.filter((t) => !t.startsWith('PipelineStreamFailures'));
        expect(queues.map((t) => t.replace(/[0-9A-F]{8}$/, '')).sort(), name).toEqual(['QueuesMail', 'QueuesWebhooks']);
      } else expect(targets, name).toEqual([]);
    }
  });

  it('lets account delete users in its own pool, the owner carts and sessions, and read and update (never delete) orders and webhook deliveries', () => {
    const cognito = statementsOf(template, 'account').filter((s) =>
      actionsOf(s).some((a) => a.startsWith('cognito-idp:')),
    );

    expect(cognito.flatMap(actionsOf).sort()).toEqual(['cognito-idp:AdminDeleteUser', 'cognito-idp:AdminGetUser']);
    expect(cognito.flatMap((s) => referencedIds(s.Resource))).toEqual([expect.stringMatching(/^AuthUserPool/)]);
    const tables = access('account');
    expect([...tables.keys()].sort()).toEqual(['Carts', 'Connections', 'Orders', 'Revocations', 'Webhooks']);
    // GET /me/export reads the cart; DELETE /me deletes it.
    expect(tables.get('Carts')).toEqual(new Set([...READ_ALL, 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']));
    // DELETE /me erases the orders' personal fields; the orders themselves stay (the shop's records).
    expect(tables.get('Orders')).toEqual(new Set([...READ_ALL, 'dynamodb:UpdateItem']));
    // ... and erases them from the webhook delivery log's payloads (rewrites, never deletes).
    expect(tables.get('Webhooks')).toEqual(new Set([...READ_ALL, 'dynamodb:UpdateItem']));
    expect(JSON.stringify(statementsOf(template, 'account'))).toContain('/@connections/*');
  });

  it('gives each worker only the tables it touches', () => {
    expect([...access('order-worker').keys()].sort()).toEqual(['Carts', 'Orders', 'Products']);
    expect([...access('cleanup-worker').keys()]).toEqual(['Carts']);
    expect([...access('ws-connect').keys()].sort()).toEqual(['Carts', 'Connections', 'Revocations']);
    expect(access('ws-connect').get('Carts')).not.toContain('dynamodb:PutItem');
    expect([...access('ws-disconnect').keys()]).toEqual(['Connections']);
    expect(access('ws-default').size).toBe(0);
  });

  it('lets the stream processor update product counters, not rewrite products, and post to sockets', () => {
    const tables = access('stream-processor');

    expect(tables.get('Products')).toContain('dynamodb:UpdateItem');
    expect(tables.get('Products')).not.toContain('dynamodb:PutItem');
    expect(tables.get('Products')).not.toContain('dynamodb:DeleteItem');
    expect(tables.get('Connections')).toContain('dynamodb:DeleteItem');
    const streamReads = statementsOf(template, 'stream-processor').filter((s) =>
      actionsOf(s).includes('dynamodb:GetRecords'),
    );
    expect(
      streamReads
        .flatMap((s) => referencedIds(s.Resource))
        .map((id) => id.replace(/[0-9A-F]{8}$/, ''))
        .sort(),
    ).toEqual(['TablesCarts', 'TablesOrders', 'TablesProducts']);
    // Re-pricing carts after a catalog change (issue 16) reads them; it never writes one.
    expect(tables.get('Carts')).toContain('dynamodb:GetItem');
    expect(tables.get('Carts')).not.toContain('dynamodb:UpdateItem');
    expect(tables.get('Carts')).not.toContain('dynamodb:PutItem');
    const manage = statementsOf(template, 'stream-processor').filter((s) =>
      actionsOf(s).includes('execute-api:ManageConnections'),
    );
    expect(JSON.stringify(manage)).toContain('/live/*/@connections/*');
  });

  const secretReaders = (prefix: string) =>
    HANDLERS.filter((name) =>
      statementsOf(template, name).some(
        (s) =>
          actionsOf(s).includes('secretsmanager:GetSecretValue') &&
          referencedIds(s.Resource).some((id) => id.startsWith(prefix)),
      ),
    ).sort();

  it('lets only the handlers that sign or verify cart tokens, or derive order access tokens, read the token secret', () => {
    // checkout-api (the 202), the order worker (payment return links) and the mail worker (receipt link) derive order access tokens;
    // the cart reminder derives its links' tokens.
    expect(secretReaders('CartTokenSecret')).toEqual([
      'cart-api',
      'cart-reminder',
      'checkout-api',
      'mail-worker',
      'order-worker',
      'ws-connect',
    ]);
  });

  it('lets only the handlers that call Stripe read the Stripe secret, and only the mail worker and the cart reminder send email', () => {
    expect(secretReaders('StripeSecret')).toEqual(['order-worker', 'payment-sweeper', 'shop-admin', 'stripe-webhook']);
    expect(HANDLERS.filter((name) => allActions(name).some((a) => a.startsWith('ses:')))).toEqual([
      'mail-worker',
      'cart-reminder',
    ]);
  });
});
