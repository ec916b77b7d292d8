// The judges HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { JudgePath } from '#shared/schemas/ids.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { CreateJudge, RotateJudgeSecret, UpdateJudge } from '#shared/schemas/judges.ts';

export const judgesRoutes = declareRoutes({
  'POST /v1/judges': {
    access: 'maintainer',
    action: 'judge.create',
    summary:
      'Registers a judge: an HTTP endpoint (the webhook URL rules) that scores tasks whose scorer is {"type": "judge"}; the response carries its signing secret, shown only this once',
    tags: ['judges'],
    schemas: { body: CreateJudge, responses: { 201: 'JudgeWithSecret' } },
    function: {
      name: 'judgesCreate',
      entry: 'functions/http/judges/create.ts',
      description: 'registers a judge and returns its signing secret once',
      uses: [tableReadWrite],
      settings: ['WEBHOOK_ALLOW_LOOPBACK'],
    },
  },
  'GET /v1/judges': {
    access: 'maintainer',
    summary: "Lists the tenant's judges, oldest first",
    tags: ['judges'],
    schemas: { query: PageQuery, responses: { 200: 'JudgePage' } },
    function: {
      name: 'judgesList',
      entry: 'functions/http/judges/list.ts',
      description: "the tenant's judges",
      uses: [tableRead],
    },
  },
  'GET /v1/judges/{judge_id}': {
    access: 'maintainer',
    summary: 'Gets one judge',
    tags: ['judges'],
    schemas: { path: JudgePath, responses: { 200: 'Judge' } },
    function: {
      name: 'judgesGet',
      entry: 'functions/http/judges/get.ts',
      description: 'one judge',
      uses: [tableRead],
    },
  },
  'PATCH /v1/judges/{judge_id}': {
    access: 'maintainer',
    action: 'judge.update',
    summary: "Changes a judge's name, URL or description",
    tags: ['judges'],
    schemas: { path: JudgePath, body: UpdateJudge, responses: { 200: 'Judge' } },
    function: {
      name: 'judgesUpdate',
      entry: 'functions/http/judges/update.ts',
      description: 'changes a judge',
      uses: [tableReadWrite],
      settings: ['WEBHOOK_ALLOW_LOOPBACK'],
    },
  },
  'DELETE /v1/judges/{judge_id}': {
    access: 'maintainer',
    action: 'judge.delete',
    summary: 'Deletes a judge; submissions to benchmarks still naming it fail (judge_error) until their tasks name another',
    tags: ['judges'],
    schemas: { path: JudgePath, responses: { 204: null } },
    function: {
      name: 'judgesDelete',
      entry: 'functions/http/judges/delete.ts',
      description: 'deletes a judge',
      uses: [tableReadWrite],
    },
  },
  'POST /v1/judges/{judge_id}/rotate-secret': {
    access: 'maintainer',
    action: 'judge.rotate_secret',
    summary: 'A new secret, shown once; the old one is still signed with (both signatures sent) for overlap_seconds',
    tags: ['judges'],
    schemas: { path: JudgePath, body: RotateJudgeSecret, responses: { 200: 'JudgeWithSecret' } },
    function: {
      name: 'judgesRotateSecret',
      entry: 'functions/http/judges/rotate-secret.ts',
      description: 'a new signing secret; the old one stays valid for an overlap',
      uses: [tableReadWrite],
      settings: ['WEBHOOK_SECRET_OVERLAP_SECONDS'],
    },
  },
});
