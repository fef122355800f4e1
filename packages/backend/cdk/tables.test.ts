import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { TABLES, type TableDefinition } from '../src/topology/tables.js';
import { CartTables } from './tables.js';
import { emptyStack, referencedIds, resources, type Statement, tableLogicalId } from './testing.js';

/** The parts of a table the local stack also creates, read back from a CloudFormation table. */
function shapeOf(props: Record<string, unknown>) {
  const keys = props.KeySchema as { AttributeName: string; KeyType: string }[];
  const key = (schema: typeof keys, type: string) => schema.find((k) => k.KeyType === type)?.AttributeName;
  const gsis = (props.GlobalSecondaryIndexes ?? []) as {
    IndexName: string;
    KeySchema: typeof keys;
    Projection: { ProjectionType: string };
  }[];
  const ttl = props.TimeToLiveSpecification as { AttributeName: string; Enabled: boolean } | undefined;
  const stream = props.StreamSpecification as { StreamViewType: string } | undefined;
  return {
    partitionKey: key(keys, 'HASH'),
    sortKey: key(keys, 'RANGE'),
    ttlAttribute: ttl?.Enabled ? ttl.AttributeName : undefined,
    stream: stream?.StreamViewType === 'NEW_AND_OLD_IMAGES',
    globalSecondaryIndexes: gsis.map((g) => ({
      indexName: g.IndexName,
      partitionKey: key(g.KeySchema, 'HASH'),
      sortKey: key(g.KeySchema, 'RANGE'),
      projection: g.Projection.ProjectionType,
    })),
  };
}

function shapeOfDefinition(def: TableDefinition) {
  return {
    partitionKey: def.partitionKey,
    sortKey: def.sortKey,
    ttlAttribute: def.ttlAttribute,
    stream: def.stream,
    globalSecondaryIndexes: (def.globalSecondaryIndexes ?? []).map((g) => ({
      indexName: g.indexName,
      partitionKey: g.partitionKey,
      sortKey: g.sortKey,
      projection: ('projection' in g ? g.projection : undefined) ?? 'ALL',
    })),
  };
}

function synth(props?: ConstructorParameters<typeof CartTables>[2]) {
  const stack = emptyStack();
  const tables = new CartTables(stack, 'Tables', props);
  return { stack, tables, template: Template.fromStack(stack) };
}

describe('CartTables', () => {
  it('creates exactly the tables of TABLES, with the same keys, indexes, TTL and streams the local stack uses', () => {
    const { template } = synth();

    const tables = resources(template, 'AWS::DynamoDB::Table');

    expect(tables).toHaveLength(TABLES.length);
    for (const def of TABLES) {
      const [, table] = tables.find(([id]) => id === tableLogicalId(template, def.id))!;
      expect(shapeOf(table.Properties), def.id).toEqual(shapeOfDefinition(def));
    }
  });

  it('makes every table on-demand, point-in-time recoverable and encrypted, retained by default', () => {
    const { template } = synth();

    for (const [id, table] of resources(template, 'AWS::DynamoDB::Table')) {
      expect(table.Properties.BillingMode, id).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification, id).toEqual({ PointInTimeRecoveryEnabled: true });
      // SSEEnabled without a key: the AWS-managed KMS key.
      expect(table.Properties.SSESpecification, id).toEqual({ SSEEnabled: true });
      expect(table.DeletionPolicy, id).toBe('Retain');
    }
  });

  it('lets a development stack delete its tables', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });

    for (const [id, table] of resources(template, 'AWS::DynamoDB::Table'))
      expect(table.DeletionPolicy, id).toBe('Delete');
  });

  it('exposes each table name under its envVar', () => {
    const { stack, tables } = synth();

    const env = stack.resolve(tables.environment) as Record<string, { Ref: string }>;

    expect(Object.keys(env).sort()).toEqual(TABLES.map((t) => t.envVar).sort());
    for (const def of TABLES)
      expect(env[def.envVar]).toEqual({ Ref: tableLogicalId(Template.fromStack(stack), def.id) });
  });

  it('grants only the named actions on the table and its named indexes, never Scan unless asked', () => {
    const stack = emptyStack();
    const tables = new CartTables(stack, 'Tables');
    const role = new Role(stack, 'Reader', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });

    tables.grant(role, 'Orders', 'read', 'write');
    tables.grant(role, 'Products', 'scan');

    const template = Template.fromStack(stack);
    const policies = resources(template, 'AWS::IAM::Policy');
    expect(policies).toHaveLength(1);
    const policy = policies[0]![1];
    const [orders, products] = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(orders?.Action).not.toContain('dynamodb:Scan');
    expect(orders?.Action).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']));
    expect(JSON.stringify(orders?.Resource)).toContain('/index/byOwner');
    expect(JSON.stringify(policy)).not.toContain('/index/*');
    expect(products?.Action).toEqual('dynamodb:Scan');
    expect(referencedIds(products?.Resource)).toEqual([tableLogicalId(template, 'Products')]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.not(Match.arrayWith([Match.objectLike({ Action: 'dynamodb:*' })])) },
    });
  });
});
