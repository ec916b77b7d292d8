// The web console's hosting (infra/constructs/console-hosting.ts): a private bucket behind CloudFront
// with origin access control and security headers, the HTTP API's paths served uncached through the
// same distribution, the SPA fallback on the default behavior only, and config.json written at
// deploy with the stack's URLs. Synthesized from a fixture build (no Vite run), except the one test
// that checks the Vite build itself.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleBuildAsset } from '#infra/constructs/console-build.ts';
import { API_PATH_PATTERNS } from '#infra/constructs/console-hosting.ts';
import { SPA_FALLBACK_CODE } from '#infra/constructs/console-spa-fallback.ts';
import { ScorecastStack } from '#infra/stack.ts';
import { wiring } from '#infra/wiring.ts';

/** CloudFormation template JSON, read loosely. */
type Json = any;

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** CloudFront's managed policies, by id (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

/** A CloudFormation string expression as text, references spelt `<LogicalId>` / `<AWS::Region>`. */
function render(value: Json): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return `<${value.Ref}>`;
  if (value?.['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  if (value?.['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map(render).join(separator);
  }
  if (value?.['Fn::Select']) return `<select ${JSON.stringify(value['Fn::Select'])}>`;
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
}

interface Synth {
  app: App;
  stack: ScorecastStack;
  resources: Record<string, Json>;
  outputs: Record<string, Json>;
  id: (construct: { node: { defaultChild?: unknown } }) => string;
  only: (type: string) => [string, Json];
}

function synth(): Synth {
  const app = new App({ context: SKIP_BUNDLING, builtinCloudFormationValidation: false });
  const stack = new ScorecastStack(app, 'Scorecast', { wiring, consoleBuild: { buildDir: path.join(FIXTURES, 'console-dist') } });
  const json = Template.fromStack(stack).toJSON() as Json;
  const resources: Record<string, Json> = json.Resources;
  return {
    app,
    stack,
    resources,
    outputs: json.Outputs,
    id: (construct) => stack.getLogicalId(construct.node.defaultChild as never),
    only: (type) => {
      const found = Object.entries(resources).filter(([, r]) => r.Type === type);
      expect(found, type).toHaveLength(1);
      return found[0]!;
    },
  };
}

describe('the console in the cloud', () => {
  let s: Synth;
  let distribution: Json;
  let behaviors: Json[];

  beforeAll(() => {
    s = synth();
    distribution = s.only('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;
    behaviors = distribution.CacheBehaviors;
  });

  describe('bucket', () => {
    it('is private: all four public-access blocks, ACLs disabled, encrypted', () => {
      const [, bucket] = s.only('AWS::S3::Bucket');
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ]);
      expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    });

    it('refuses requests without TLS (or below TLS 1.2) and lets only this distribution read, through OAC', () => {
      const [, policy] = s.only('AWS::S3::BucketPolicy');
      const statements: Json[] = policy.Properties.PolicyDocument.Statement;
      const denies = statements.filter((st) => st.Effect === 'Deny');
      expect(denies.map((st) => st.Condition)).toEqual(
        expect.arrayContaining([{ Bool: { 'aws:SecureTransport': 'false' } }, { NumericLessThan: { 's3:TlsVersion': 1.2 } }]),
      );
      const allows = statements.filter((st) => st.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
      expect(allows[0].Action).toBe('s3:GetObject');
      const distributionId = s.id(s.stack.console.distribution);
      expect(render(allows[0].Condition.StringEquals['AWS:SourceArn'])).toBe(
        `arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/<${distributionId}>`,
      );
    });

    it('is emptied by the deployment and deleted with the stack: it holds only the build', () => {
      const [bucketId, bucket] = s.only('AWS::S3::Bucket');
      expect(bucket.DeletionPolicy).toBe('Delete');
      const [, deployment] = s.only('Custom::CDKBucketDeployment');
      expect(deployment.Properties.DestinationBucketName).toEqual({ Ref: bucketId });
      expect(deployment.Properties.RetainOnDelete).toBe(false);
      expect(deployment.Properties.Prune).toBe(true);
      expect(deployment.Properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    });
  });

  describe('distribution', () => {
    it('reads the bucket through origin access control (signing every request), never an OAI', () => {
      const [oacId, oac] = s.only('AWS::CloudFront::OriginAccessControl');
      expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      const s3Origins = distribution.Origins.filter((o: Json) => o.S3OriginConfig);
      expect(s3Origins).toHaveLength(1);
      expect(s3Origins[0].OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
      expect(s3Origins[0].S3OriginConfig.OriginAccessIdentity ?? '').toBe('');
      expect(Object.values<Json>(s.resources).some((r) => r.Type === 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toBe(false);
      expect(distribution.DefaultCacheBehavior.TargetOriginId).toBe(s3Origins[0].Id);
      expect(distribution.DefaultRootObject).toBe('index.html');
    });

    it('sends /v1/*, /health and /openapi.json to the HTTP API, uncached, with every viewer header but Host', () => {
      expect(behaviors.map((b) => b.PathPattern).sort()).toEqual([...API_PATH_PATTERNS].sort());
      const apiOrigins = distribution.Origins.filter((o: Json) => o.CustomOriginConfig);
      expect(apiOrigins).toHaveLength(1);
      const httpApiId = s.id(s.stack.http.api);
      expect(render(apiOrigins[0].DomainName)).toBe(`<${httpApiId}>.execute-api.<AWS::Region>.<AWS::URLSuffix>`);
      expect(apiOrigins[0].CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      for (const behavior of behaviors) {
        expect(behavior.TargetOriginId, behavior.PathPattern).toBe(apiOrigins[0].Id);
        expect(behavior.CachePolicyId, behavior.PathPattern).toBe(CACHING_DISABLED);
        expect(behavior.OriginRequestPolicyId, behavior.PathPattern).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
        expect([...behavior.AllowedMethods].sort(), behavior.PathPattern).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
        expect(behavior.ViewerProtocolPolicy, behavior.PathPattern).toBe('https-only');
      }
    });

    it('covers every declared HTTP route with an API behavior (a route elsewhere would get the console page)', () => {
      // CloudFront path patterns: `*` matches any characters, everything else itself.
      const matches = (pattern: string, routePath: string) => {
        const parts = pattern.split('*').map((part) => part.replace(/[.+?^$|()[\]{}\\]/g, '\\$&'));
        return new RegExp(`^${parts.join('.*')}$`).test(routePath);
      };
      for (const route of wiring.http.routes)
        expect(
          API_PATH_PATTERNS.some((pattern) => matches(pattern, route.path)),
          route.path,
        ).toBe(true);
      expect(matches('/v1/*', '/v1/benchmarks/{benchmark_id}')).toBe(true);
      expect(matches('/health', '/healthz')).toBe(false);
    });

    it('runs the SPA fallback on the default (bucket) behavior only, so API errors reach the browser as they are', () => {
      const [functionId] = s.only('AWS::CloudFront::Function');
      expect(distribution.DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
      ]);
      for (const behavior of behaviors) expect(behavior.FunctionAssociations, behavior.PathPattern).toBeUndefined();
      expect(distribution.DefaultCacheBehavior.CachePolicyId).toBe(CACHING_OPTIMIZED);
      expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(distribution.CustomErrorResponses).toBeUndefined();
    });

    it('adds the security headers policy to every behavior', () => {
      const [policyId] = s.only('AWS::CloudFront::ResponseHeadersPolicy');
      for (const behavior of [distribution.DefaultCacheBehavior, ...behaviors])
        expect(behavior.ResponseHeadersPolicyId, behavior.PathPattern ?? 'default').toEqual({ Ref: policyId });
    });
  });

  describe('security headers', () => {
    let headers: Json;
    let csp: Map<string, string>;

    beforeAll(() => {
      headers = s.only('AWS::CloudFront::ResponseHeadersPolicy')[1].Properties.ResponseHeadersPolicyConfig;
      const text = render(headers.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
      csp = new Map(
        text.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name!, values.join(' ')];
        }),
      );
    });

    it('has a strict CSP: scripts and styles from the console only, nothing inline or evaluated, no framing', () => {
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('style-src')).toBe("'self'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(csp.get('base-uri')).toBe("'none'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.has('upgrade-insecure-requests')).toBe(true);
      for (const value of csp.values()) {
        expect(value).not.toContain('unsafe-');
        expect(value.split(' ')).not.toContain('*');
        expect(value).not.toContain('http:');
      }
    });

    it("connects to 'self' (the API on the same distribution), the WebSocket API and the Cognito domain only", () => {
      const webSocketId = s.id(s.stack.webSocket.api);
      const domainId = s.id(s.stack.identity.domain!);
      expect(csp.get('connect-src')).toBe(
        `'self' wss://<${webSocketId}>.execute-api.<AWS::Region>.<AWS::URLSuffix> https://<${domainId}>.auth.<AWS::Region>.amazoncognito.com`,
      );
    });

    it('sends HSTS for two years, X-Frame-Options DENY, nosniff, no referrer, and overrides what the origin says', () => {
      const security = headers.SecurityHeadersConfig;
      expect(security.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: true });
      expect(security.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
      expect(security.ContentTypeOptions).toEqual({ Override: true });
      expect(security.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
      expect(security.ContentSecurityPolicy.Override).toBe(true);
      const custom = Object.fromEntries(headers.CustomHeadersConfig.Items.map((h: Json) => [h.Header, h.Value]));
      expect(custom['Cross-Origin-Opener-Policy']).toBe('same-origin');
      expect(custom['Permissions-Policy']).toContain('camera=()');
    });
  });

  describe('SPA fallback', () => {
    const handler = new Function(`${SPA_FALLBACK_CODE}\nreturn handler;`)() as (event: Json) => { uri: string };
    const served = (uri: string) => handler({ request: { uri, method: 'GET' } }).uri;

    it('is the code the template deploys', () => {
      const [, fn] = s.only('AWS::CloudFront::Function');
      expect(fn.Properties.FunctionCode).toBe(SPA_FALLBACK_CODE);
      expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    });

    it('serves index.html for deep links and the root', () => {
      for (const uri of [
        '/',
        '/benchmarks/bench_1',
        '/submissions/sub-1',
        '/agents',
        '/monitoring',
        '/integrations',
        '/operations',
        '/api',
        '/no/such/page/',
      ])
        expect(served(uri), uri).toBe('/index.html');
    });

    it('leaves files alone, so a missing one is a 404/403 rather than the page', () => {
      for (const uri of ['/index.html', '/config.json', '/assets/index-3f2a.js', '/favicon.ico', '/assets/app.css.map'])
        expect(served(uri), uri).toBe(uri);
    });
  });

  describe('config.json', () => {
    /** The staged config.json, with each deploy-time marker replaced by the expression it stands for. */
    function deployedConfig(): Record<string, string | boolean> {
      const assembly = s.app.synth();
      const dirs = readdirSync(assembly.directory).filter((d) => existsSync(path.join(assembly.directory, d, 'config.json')));
      expect(dirs).toHaveLength(1);
      let text = readFileSync(path.join(assembly.directory, dirs[0]!, 'config.json'), 'utf8');
      const [, deployment] = s.only('Custom::CDKBucketDeployment');
      const markers: Record<string, Json> = Object.assign({}, ...deployment.Properties.SourceMarkers);
      for (const [marker, value] of Object.entries(markers)) text = text.replaceAll(marker, render(value));
      return JSON.parse(text) as Record<string, string | boolean>;
    }

    it('is deployed with the build: the console URL (which serves the API), the WebSocket URL, the Cognito domain, client and region', () => {
      const config = deployedConfig();
      const distributionId = s.id(s.stack.console.distribution);
      const webSocketId = s.id(s.stack.webSocket.api);
      expect(config).toEqual({
        api_url: `https://<${distributionId}.DomainName>`,
        websocket_url: `wss://<${webSocketId}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/${wiring.webSocket.stage}`,
        cognito_domain: `https://<${s.id(s.stack.identity.domain!)}>.auth.<AWS::Region>.amazoncognito.com`,
        client_id: `<${s.id(s.stack.identity.client)}>`,
        region: '<AWS::Region>',
        allow_fragment_token: false,
      });
    });

    it('comes with the build in one deployment, from the CDK assets bucket', () => {
      const [, deployment] = s.only('Custom::CDKBucketDeployment');
      expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    });
  });

  describe('deployment handler', () => {
    it('holds only the actions the sync needs, named one by one, on the console bucket, the staged sources and the log group', () => {
      const role = s.resources[s.id(s.stack.console.deploymentRole)];
      const statements: Json[] = role.Properties.Policies.flatMap((p: Json) => p.PolicyDocument.Statement);
      const actions = statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
      expect([...new Set(actions)].sort()).toEqual([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:AbortMultipartUpload',
        's3:DeleteObject',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
      ]);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      const attached = Object.values<Json>(s.resources).filter(
        (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: Json) => x.Ref === s.id(s.stack.console.deploymentRole)),
      );
      expect(attached).toEqual([]);
      const logGroup = s.id(s.stack.functions.logGroup);
      const handler = Object.values<Json>(s.resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Layers);
      expect(handler.Properties.LoggingConfig.LogGroup).toEqual({ Ref: logGroup });
    });
  });

  it('outputs the console URL and the sign-in domain', () => {
    expect(render(s.outputs.ConsoleUrl.Value)).toBe(`https://<${s.id(s.stack.console.distribution)}.DomainName>`);
    expect(render(s.outputs.SignInDomainUrl.Value)).toContain('.amazoncognito.com');
  });
});

describe('the console build', () => {
  it('is the built folder when it exists (no Vite run)', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Built');
    const asset = consoleBuildAsset(stack, 'Build', { buildDir: path.join(FIXTURES, 'console-dist'), projectDir: '/nonexistent' });
    expect(asset.isZipArchive).toBe(true);
  });

  it('refuses to synthesize without a build or a project to build', () => {
    const stack = new Stack(new App(), 'Nothing');
    expect(() => consoleBuildAsset(stack, 'Build', { buildDir: '/nonexistent/dist', projectDir: '/nonexistent' })).toThrow(
      /neither built .* nor buildable/,
    );
  });

  it('runs vite build with the project config when the built folder is missing', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'console-build-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Bundled');
    const asset = consoleBuildAsset(stack, 'Build', {
      buildDir: path.join(outdir, 'no-dist-here'),
      projectDir: path.join(FIXTURES, 'console-project'),
    });
    app.synth();
    const built = path.join(outdir, `asset.${asset.assetHash}`);
    expect(readFileSync(path.join(built, 'index.html'), 'utf8')).toContain('fixture console');
    expect(readdirSync(path.join(built, 'assets')).some((f) => f.endsWith('.js'))).toBe(true);
  });
});
