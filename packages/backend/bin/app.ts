#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CartkitStack } from '../cdk/cartkit-stack.js';
import { readConfig } from '../cdk/config.js';

const app = new App();
new CartkitStack(app, app.node.tryGetContext('stackName') ?? 'Cartkit', {
  config: readConfig(app.node),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: 'cartkit: embeddable serverless shopping cart',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
