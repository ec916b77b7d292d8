// A DynamoDB PutItem body whose `value` attribute nests `depth` maps deep, written as text: the SDK's
// serialiser and JSON.stringify would overflow their own stacks long before dynalite's validation.
export function deepPutItem(tableName: string, depth: number): string {
  const value = `${'{"M":{"a":'.repeat(depth)}{"S":"leaf"}${'}}'.repeat(depth)}`;
  return `{"TableName":${JSON.stringify(tableName)},"Item":{"PK":{"S":"deep"},"SK":{"S":"deep"},"value":${value}}}`;
}

/** The same request as a client sends it to DynamoDB's JSON API (dynalite checks the headers' shape, not the signature). */
export function postDeepPutItem(endpoint: string, tableName: string, depth: number): Promise<Response> {
  return fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.PutItem',
      'x-amz-date': '20260101T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: deepPutItem(tableName, depth),
  });
}
