// cfn-lint findings the stack keeps on purpose, silenced on the one resource they concern, each with
// its reason next to the ignore in the template (`.ci/run` fails on any cfn-lint error left).
import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Rule id → why it does not apply to this resource. */
export type CfnLintReasons = Readonly<Record<string, string>>;

/** Adds `Metadata: cfn-lint: config: ignore_checks` (and the reasons) to the construct's CloudFormation resource. */
export function ignoreCfnLint(scope: IConstruct, reasons: CfnLintReasons): void {
  const resource = scope instanceof CfnResource ? scope : scope.node.defaultChild;
  if (!(resource instanceof CfnResource)) throw new Error(`${scope.node.path} has no CloudFormation resource to annotate`);
  const previous = (resource.getMetadata('cfn-lint') ?? {}) as { config?: { ignore_checks?: string[] }; reasons?: Record<string, string> };
  resource.addMetadata('cfn-lint', {
    config: { ignore_checks: [...new Set([...(previous.config?.ignore_checks ?? []), ...Object.keys(reasons)])] },
    reasons: { ...previous.reasons, ...reasons },
  });
}
