// The web console in the cloud: its build in a private S3 bucket, served by a CloudFront
// distribution through origin access control, with security headers on every response. The same
// distribution serves the HTTP API (/v1/*, /health, /openapi.json → the API, uncached), so the
// console calls its own origin: no CORS, and a CSP whose connect-src is 'self' plus the WebSocket
// API and the Cognito domain (docs/decisions.md, "Web console in the cloud"). config.json, beside
// index.html, is written at deploy with the stack's URLs.
import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONSOLE_EXTRA_HEADERS, CONSOLE_SECURITY_SETTINGS, consoleContentSecurityPolicy } from '../console-security-headers.ts';
import { type ConsoleBuildProps, consoleBuildAsset } from './console-build.ts';
import { SPA_FALLBACK_CODE } from './console-spa-fallback.ts';
import type { ConsoleConfig as ConsoleConfigFields } from '../../console/src/config-json.ts';

/** Paths the distribution sends to the HTTP API instead of the bucket. */
export const API_PATH_PATTERNS = ['/v1/*', '/health', '/openapi.json'] as const;

/**
 * config.json as the stack writes it: the console's fields (console/src/config-json.ts), with what
 * the cloud always sets. The API is the distribution itself, which serves the API's paths; the
 * Cognito domain is the managed login's origin; the app client signs in with code + PKCE, no
 * secret; `#id_token=` in the URL is never accepted in the cloud (login CSRF).
 */
export interface ConsoleConfig extends ConsoleConfigFields {
  cognito_domain: string;
  client_id: string;
  region: string;
  allow_fragment_token: false;
}

export interface ConsoleHostingProps {
  /** The console's build (default: console/dist, built with Vite when missing). */
  build?: ConsoleBuildProps;
  httpApi: apigw.IHttpApi;
  webSocketApi: apigw.IWebSocketApi;
  /** The WebSocket stage's URL, as the console connects to it. */
  webSocketUrl: string;
  /** Origin of the Cognito domain (UserPoolDomain.baseUrl()). */
  cognitoDomainUrl: string;
  clientId: string;
  /** Where the deployment handler logs (the stack's function log group). */
  logGroup: logs.ILogGroup;
}

export class ConsoleHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  readonly spaFallback: cloudfront.Function;
  readonly deployment: s3deploy.BucketDeployment;
  /** The deployment handler's role, with only the grants written here. */
  readonly deploymentRole: iam.Role;
  /** The objects of the CDK assets bucket the deployment reads its sources from. */
  readonly stagedSources: string;
  /** `https://<distribution domain>` (no trailing slash). */
  readonly url: string;
  readonly config: ConsoleConfig;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.bucket = this.createBucket();
    this.headers = this.createHeadersPolicy(props);
    this.spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      functionName: this.globalName('console-spa'),
      comment: 'Scorecast console: paths without a file extension serve /index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_CODE),
    });
    this.distribution = this.createDistribution(props.httpApi);
    this.url = `https://${this.distribution.distributionDomainName}`;
    this.config = {
      api_url: this.url,
      websocket_url: props.webSocketUrl,
      cognito_domain: props.cognitoDomainUrl,
      client_id: props.clientId,
      region: Stack.of(this).region,
      allow_fragment_token: false,
    };
    const build = consoleBuildAsset(this, 'Build', props.build);
    this.stagedSources = build.bucket.arnForObjects('*');
    this.deploymentRole = this.createDeploymentRole(props.logGroup);
    this.deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [s3deploy.Source.bucket(build.bucket, build.s3ObjectKey), s3deploy.Source.jsonData('config.json', this.config)],
      destinationBucket: this.bucket,
      prune: true,
      // Emptying the bucket on delete lets the bucket (RemovalPolicy.DESTROY) go with the stack.
      retainOnDelete: false,
      // Browsers and the edge revalidate every file (a 304 when unchanged), so a deploy shows at once
      // without an invalidation; config.json and index.html must never be stale.
      cacheControl: [s3deploy.CacheControl.noCache()],
      // Grants come only from the role's own policy (CDK's would add wildcard actions).
      role: this.deploymentRole.withoutPolicyUpdates(),
      logGroup: props.logGroup,
      memoryLimit: 512,
    });
  }

  /** CloudFront names are account-wide (not per region): the stack name and the region make them unique. */
  private globalName(suffix: string): string {
    return Fn.join('-', [Stack.of(this).stackName.slice(0, 30), suffix, Aws.REGION]);
  }

  /** Private: the four public-access blocks, no ACLs, SSE-S3, TLS 1.2+ only. */
  private createBucket(): s3.Bucket {
    return new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: new s3.BlockPublicAccess({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Only the build, redeployed by every deploy: nothing to keep. The deployment empties the
      // bucket when it is deleted (retainOnDelete: false), so the bucket deletes without an
      // auto-delete custom resource.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** CSP, HSTS, no framing, no sniffing, no referrer, on every response (the API's included). */
  private createHeadersPolicy(props: ConsoleHostingProps): cloudfront.ResponseHeadersPolicy {
    return new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      responseHeadersPolicyName: this.globalName('console-headers'),
      comment: 'Scorecast console: CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy({
            webSocketOrigin: `wss://${props.webSocketApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`,
            cognitoOrigin: props.cognitoDomainUrl,
          }),
          override: true,
        },
        // The settings' values are spelled once, in console-security-headers.ts; the twin serves the same.
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(CONSOLE_SECURITY_SETTINGS.hstsMaxAgeSeconds),
          includeSubdomains: CONSOLE_SECURITY_SETTINGS.hstsIncludeSubdomains,
          override: true,
        },
        frameOptions: { frameOption: CONSOLE_SECURITY_SETTINGS.frameOption as cloudfront.HeadersFrameOption, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: CONSOLE_SECURITY_SETTINGS.referrerPolicy as cloudfront.HeadersReferrerPolicy, override: true },
        xssProtection: { protection: CONSOLE_SECURITY_SETTINGS.xssProtection, override: true },
      },
      customHeadersBehavior: {
        customHeaders: Object.entries(CONSOLE_EXTRA_HEADERS).map(([header, value]) => ({ header, value, override: true })),
      },
    });
  }

  /**
   * The bucket through origin access control by default, with the SPA fallback; the API's paths to
   * the HTTP API, uncached, with every viewer header but Host (Authorization included).
   */
  private createDistribution(httpApi: apigw.IHttpApi): cloudfront.Distribution {
    const api = new origins.HttpOrigin(`${httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: api,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // API Gateway answers 403 to a foreign Host header.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.headers,
    };
    return new cloudfront.Distribution(this, 'Distribution', {
      comment: `${Stack.of(this).stackName} web console and HTTP API`,
      defaultRootObject: 'index.html',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessControl: new cloudfront.S3OriginAccessControl(this, 'OriginAccessControl', {
            originAccessControlName: this.globalName('console-oac'),
            description: 'Scorecast console: CloudFront signs its requests to the bucket',
            signing: cloudfront.Signing.SIGV4_ALWAYS,
          }),
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        functionAssociations: [{ function: this.spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, apiBehavior])),
    });
  }

  /**
   * The deployment handler's role: read the staged build and config from the CDK assets bucket,
   * sync them into the console bucket, log to the stack's function log group. Actions named one by one.
   */
  private createDeploymentRole(logGroup: logs.ILogGroup): iam.Role {
    return new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Scorecast console deployment: copies the console build and config.json into the console bucket',
      inlinePolicies: {
        Deploy: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.stagedSources] }),
            new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
            new iam.PolicyStatement({
              actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
              resources: [this.bucket.arnForObjects('*')],
            }),
            new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
          ],
        }),
      },
    });
  }
}
