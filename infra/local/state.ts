// Where the twin keeps its state (git-ignored), and the file that tells clients how to reach it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STATE_DIR = process.env.SCORECAST_STATE_DIR ?? '.scorecast';
export const localJsonPath = (stateDir = STATE_DIR) => join(stateDir, 'local.json');

/** `.scorecast/local.json`, as DESIGN.md lists it (plus the issuer's and the Lambda Invoke API's addresses). */
export interface LocalJson {
  http_url: string;
  ws_url: string;
  dynamodb_endpoint: string;
  sqs_endpoint: string;
  issuer_url: string;
  /** The Lambda Invoke API of the running twin (npm run invoke, aws lambda invoke --endpoint-url). */
  lambda_endpoint: string;
  tenant_id: string;
  tokens: { admin: string; maintainer: string; viewer: string };
  agent: { agent_id: string; api_key: string } | null;
  benchmark_id: string;
  /** The web console (no trailing slash), when the twin serves it (`npm start` does). */
  console_url?: string;
}

export function writeLocalJson(value: LocalJson, stateDir = STATE_DIR): string {
  mkdirSync(stateDir, { recursive: true });
  const path = localJsonPath(stateDir);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  return path;
}

export function readLocalJson(stateDir = STATE_DIR): LocalJson | undefined {
  const path = localJsonPath(stateDir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LocalJson) : undefined;
}
