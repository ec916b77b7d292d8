// Every HTTP route of the API, in the order OpenAPI lists them. Read by the deployment (infra/),
// the OpenAPI generator and tests; a function imports only its own feature's file.
import type { DeclaredRoute } from '#shared/contract/routes.ts';
import { adminRoutes } from './admin.ts';
import { agentsRoutes } from './agents.ts';
import { auditRoutes } from './audit.ts';
import { baselinesRoutes } from './baselines.ts';
import { benchmarksRoutes } from './benchmarks.ts';
import { comparisonRoutes } from './comparison.ts';
import { eventsRoutes } from './events.ts';
import { judgesRoutes } from './judges.ts';
import { exportsRoutes } from './exports.ts';
import { leaderboardRoutes } from './leaderboard.ts';
import { logsRoutes } from './logs.ts';
import { monitoringRoutes } from './monitoring.ts';
import { platformRoutes } from './platform.ts';
import { submissionsRoutes } from './submissions.ts';
import { tracesRoutes } from './traces.ts';
import { webhooksRoutes } from './webhooks.ts';

export const httpRoutes: readonly DeclaredRoute[] = [
  platformRoutes,
  agentsRoutes,
  monitoringRoutes,
  benchmarksRoutes,
  submissionsRoutes,
  exportsRoutes,
  leaderboardRoutes,
  baselinesRoutes,
  comparisonRoutes,
  tracesRoutes,
  logsRoutes,
  eventsRoutes,
  webhooksRoutes,
  judgesRoutes,
  adminRoutes,
  auditRoutes,
].flatMap((feature) => Object.values(feature) as DeclaredRoute[]);
