import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLES, type TableId } from '../src/topology/tables.js';

/**
 * DynamoDB actions by intent. Grants list actions explicitly, never
 * `grantReadWriteData`, which would also allow `Scan` of whole tables.
 */
export const DATA_ACCESS = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  update: ['dynamodb:UpdateItem'],
  delete: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  /** Only for the public catalog, which `GET /products` pages through. */
  scan: ['dynamodb:Scan'],
} as const;

export type DataAccess = keyof typeof DATA_ACCESS;

export interface CartTablesProps {
  /** RETAIN (default) keeps every table, and its data, when the stack is deleted. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The tables of `src/topology/tables.ts`, exactly as listed there: on-demand,
 * point-in-time recovery, AWS-managed encryption, TTL and streams where defined.
 *
 * @example
 * ```ts
 * const tables = new CartTables(this, 'Tables');
 * tables.grant(fn, 'Carts', 'read', 'write');
 * ```
 */
export class CartTables extends Construct {
  /** Each table by its `TABLES` id. */
  readonly byId: Readonly<Record<TableId, Table>>;

  constructor(scope: Construct, id: string, props: CartTablesProps = {}) {
    super(scope, id);
    const byId: Partial<Record<TableId, Table>> = {};
    for (const def of TABLES) {
      const table = new Table(this, def.id, {
        partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
        sortKey: 'sortKey' in def ? { name: def.sortKey, type: AttributeType.STRING } : undefined,
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.AWS_MANAGED,
        timeToLiveAttribute: 'ttlAttribute' in def ? def.ttlAttribute : undefined,
        stream: def.stream ? StreamViewType.NEW_AND_OLD_IMAGES : undefined,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      for (const gsi of 'globalSecondaryIndexes' in def ? def.globalSecondaryIndexes : []) {
        table.addGlobalSecondaryIndex({
          indexName: gsi.indexName,
          partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
          sortKey: 'sortKey' in gsi ? { name: gsi.sortKey, type: AttributeType.STRING } : undefined,
          projectionType:
            'projection' in gsi && gsi.projection === 'KEYS_ONLY' ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
        });
      }
      byId[def.id] = table;
    }
    this.byId = byId as Record<TableId, Table>;
  }

  /** The table names under each table's `envVar`, for function environments. */
  get environment(): Record<string, string> {
    return Object.fromEntries(TABLES.map((def) => [def.envVar, this.byId[def.id].tableName]));
  }

  /**
   * Grants exactly the listed kinds of access on one table and its named
   * indexes (not `index/*`, which `Table.grant` would add).
   */
  grant(grantee: IGrantable, id: TableId, ...access: readonly DataAccess[]): Grant {
    const table = this.byId[id];
    const def = TABLES.find((t) => t.id === id);
    const indexes = def && 'globalSecondaryIndexes' in def ? def.globalSecondaryIndexes : [];
    return Grant.addToPrincipal({
      grantee,
      actions: [...new Set(access.flatMap((kind) => DATA_ACCESS[kind]))],
      resourceArns: [table.tableArn, ...indexes.map((gsi) => `${table.tableArn}/index/${gsi.indexName}`)],
    });
  }
}
