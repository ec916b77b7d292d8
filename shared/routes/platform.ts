// The platform HTTP routes: one declaration each (who may call, schemas, audit, limits, the function serving it).
import { declareRoutes } from '#shared/contract/routes.ts';
import { tableRead } from '#shared/contract/uses.ts';

export const platformRoutes = declareRoutes({
  'GET /health': {
    access: 'public',
    summary: 'Checks the table and the queues: 200 when all answer, 503 otherwise',
    tags: ['platform'],
    schemas: { responses: { 200: 'Health', 503: 'Health' } },
    function: {
      name: 'health',
      entry: 'functions/http/health.ts',
      description: 'reads the table and every declared queue',
      timeoutSeconds: 5,
      uses: [tableRead, { allQueues: 'inspect' }],
    },
  },
  'GET /openapi.json': {
    access: 'public',
    summary: 'This OpenAPI 3.1 document',
    tags: ['platform'],
    schemas: { responses: { 200: null } },
    function: {
      name: 'openapi',
      entry: 'functions/http/openapi.ts',
      description: 'the OpenAPI 3.1 document generated from this declaration',
      files: ['functions/http/openapi.min.json'],
      memoryMb: 256,
      timeoutSeconds: 5,
    },
  },
  'GET /v1/whoami': {
    access: 'principal',
    summary: 'The calling principal: tenant, type, id, roles, locations and agent',
    tags: ['identity'],
    schemas: { responses: { 200: 'WhoAmI' } },
    function: {
      name: 'whoami',
      entry: 'functions/http/whoami.ts',
      description: 'the calling principal',
      memoryMb: 256,
      timeoutSeconds: 5,
    },
  },
});
