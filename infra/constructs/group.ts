// A construct that only groups resources, and is invisible in their logical ids.
//
// Splitting the stack into constructs moved every resource one level down its construct tree, and
// CDK derives a logical id from the construct path: every id would have changed, and to
// CloudFormation a new logical id is a new resource (a new, empty table, queue or user pool; the old
// one deleted or orphaned). So the stack (ScorecastStack.allocateLogicalId) computes ids as if no
// group existed, with CDK's own scheme: over the path without groups, and where a construct id embeds
// another construct's unique id (`SqsEventSource:<queue>`, `AllowEventRule<function>`,
// `<authorizer>-Permission`), with that construct's unique id computed without groups too. Every
// resource keeps the logical id it had when the stack created it at its root; two resources that
// would get the same id fail the synthesis ("section 'Resources' already contains").
import { Names, type CfnElement, type Stack } from 'aws-cdk-lib';
import { Construct, type IConstruct, type Node } from 'constructs';

export class Group extends Construct {}

/** The logical id `element` gets in `stack`, as if no group existed (before the stack's renames). */
export function logicalIdWithoutGroups(stack: Stack, element: CfnElement): string {
  const scopes = element.node.scopes;
  const below = scopes.slice(scopes.indexOf(stack) + 1).filter(notGroup);
  return uniqueId(below.map((scope) => withoutGroupsInside(stack, scope.node.id)));
}

const notGroup = (scope: IConstruct) => !(scope instanceof Group);

/** CDK's unique id of a path (what Names.nodeUniqueId computes), through a stand-in node. */
function uniqueId(components: string[]): string {
  const scopes = [{ node: { id: '' } }, ...components.map((id) => ({ node: { id } }))];
  return Names.nodeUniqueId({ scopes } as unknown as Node);
}

/**
 * `id` with any unique id of a construct inside a group replaced by that construct's unique id
 * without groups. Such a unique id spells the group's id (`ScorecastQueuesScoringQueue…`), so only
 * the groups whose id `id` contains are searched.
 */
function withoutGroupsInside(stack: Stack, id: string): string {
  let known = renamedIds.get(stack);
  if (!known) renamedIds.set(stack, (known = new Map()));
  let renamed = known.get(id);
  if (renamed === undefined) known.set(id, (renamed = searchGroups(stack, id)));
  return renamed;
}

/**
 * Construct id → the same without groups, per stack. Cached: an id that embeds a construct's unique
 * id is made after that construct, so a later construct never changes the answer.
 */
const renamedIds = new WeakMap<Stack, Map<string, string>>();

function searchGroups(stack: Stack, id: string): string {
  for (const group of groupsIn(stack)) {
    if (!id.includes(group.node.id.replace(/[^A-Za-z0-9]/g, ''))) continue;
    for (const construct of group.node.findAll()) {
      const grouped = Names.nodeUniqueId(construct.node);
      if (id.includes(grouped))
        return id.replace(
          grouped,
          uniqueId(
            construct.node.scopes
              .slice(1)
              .filter(notGroup)
              .map((scope) => scope.node.id),
          ),
        );
    }
  }
  return id;
}

/** The groups at the root of `scope` and inside them (groups sit at the stack's root or in other groups). */
function groupsIn(scope: IConstruct): Group[] {
  return scope.node.children.filter((child): child is Group => child instanceof Group).flatMap((group) => [group, ...groupsIn(group)]);
}
