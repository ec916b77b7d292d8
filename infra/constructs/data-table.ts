// The one DynamoDB table, on demand, with the declared key, TTL and indexes.
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { Wiring } from '../wiring-types.ts';
import { Group } from './group.ts';

export interface DataTableProps {
  table: Wiring['table'];
  removalPolicy: RemovalPolicy;
}

export class DataTable extends Group {
  readonly table: dynamodb.Table;
  /** The ARN of each declared index (what a `{ table: 'read' }` use may query besides the table). */
  readonly indexArns: string[];

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const decl = props.table;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: decl.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: decl.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: decl.ttlAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy,
      // No deletion protection: it would make the rollback of a failed first create fail and leave
      // the table behind. The DeletionPolicy keeps it on stack deletion and replacement; an operator
      // may turn protection on once the stack exists (the template leaves the property alone).
    });
    for (const [indexName, index] of Object.entries(decl.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    this.indexArns = Object.keys(decl.indexes).map((name) => `${this.table.tableArn}/index/${name}`);
  }
}
