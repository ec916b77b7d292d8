// The console's deep links (/benchmarks/{id}, /monitoring, …) are not files in the bucket: a
// CloudFront Function on the default (S3) behavior's viewer requests serves /index.html for every
// path whose last segment has no file extension. It runs only on that behavior, so the API's
// behaviors (/v1/*, /health, /openapi.json) answer with their own status and body, never the SPA.

/** The function's code (cloudfront-js-2.0). The tests evaluate it as it is. */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;
