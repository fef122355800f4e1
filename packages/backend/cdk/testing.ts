import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CartkitStack, type CartkitStackProps } from './cartkit-stack.js';
import { readConfig } from './config.js';
import type { FunctionName } from '../src/topology/functions.js';

/** Test helpers: synthesize without bundling and read the template back in domain terms. */

type Json = Record<string, unknown>;
type Resource = { Type: string; Properties: Json; DeletionPolicy?: string };

const ENV = { account: '111111111111', region: 'us-east-1' };

/** A bare stack for one construct, with bundling skipped. */
export function emptyStack(context: Record<string, unknown> = {}): Stack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  return new Stack(app, 'Test', { env: ENV });
}

/**
 * The whole app's stack from the given CDK context, as `bin/app.ts` builds it.
 * The template is synthesized on first access, so callers may still add to the app before.
 */
export function cartkitStack(
  context: Record<string, unknown> = {},
  props: Partial<CartkitStackProps> = {},
): { app: App; stack: CartkitStack; readonly template: Template } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new CartkitStack(app, 'Cartkit', { config: readConfig(app.node), env: ENV, ...props });
  let template: Template | undefined;
  return {
    app,
    stack,
    get template() {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

/** The one element of a list; throws when there are none or several. */
export function single<T>(items: readonly T[], what = 'item'): T {
  if (items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0] as T;
}

export function resources(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

/** Logical id of a table created from `TABLES` (`Tables<Id><hash>`). */
export function tableLogicalId(template: Template, id: string): string {
  const found = resources(template, 'AWS::DynamoDB::Table').find(([logicalId]) =>
    new RegExp(`^Tables${id}[0-9A-F]{8}$`).test(logicalId),
  );
  if (!found) throw new Error(`no table ${id}`);
  return found[0];
}

/** The Lambda function resource of one handler, found by its description. */
export function lambda(template: Template, name: FunctionName): [string, Resource] {
  const found = resources(template, 'AWS::Lambda::Function').find(
    ([, r]) => r.Properties.Description === `cartkit ${name}`,
  );
  if (!found) throw new Error(`no function ${name}`);
  return found;
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every policy statement attached to a handler's role. */
export function statementsOf(template: Template, name: FunctionName): Statement[] {
  const [, fn] = lambda(template, name);
  const roleId = ((fn.Properties.Role as Json)['Fn::GetAtt'] as string[])[0];
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as Json[]).some((role) => role.Ref === roleId))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The logical ids a resource expression mentions (Ref, Fn::GetAtt, inside Fn::Join), pseudo parameters left out. */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Json;
  if (typeof obj.Ref === 'string') return obj.Ref.startsWith('AWS::') ? [] : [obj.Ref];
  if (Array.isArray(obj['Fn::GetAtt'])) return [String(obj['Fn::GetAtt'][0])];
  return Object.values(obj).flatMap(referencedIds);
}

/** DynamoDB actions a handler may take, per `TABLES` id. */
export function tableAccess(
  template: Template,
  name: FunctionName,
  tableIds: readonly string[],
): Map<string, Set<string>> {
  const byLogicalId = new Map(tableIds.map((id) => [tableLogicalId(template, id), id]));
  const access = new Map<string, Set<string>>();
  for (const statement of statementsOf(template, name)) {
    for (const logicalId of referencedIds(statement.Resource)) {
      const id = byLogicalId.get(logicalId);
      if (!id) continue;
      const actions = access.get(id) ?? new Set<string>();
      for (const action of actionsOf(statement)) if (action.startsWith('dynamodb:')) actions.add(action);
      access.set(id, actions);
    }
  }
  return access;
}
