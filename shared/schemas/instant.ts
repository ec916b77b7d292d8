// A point in time in request bodies (its own module: the monitoring and traces schemas need only it).
import * as z from 'zod/mini';

export const Instant = z.iso.datetime({ message: 'must be an ISO 8601 UTC time, e.g. 2026-03-01T10:00:05.123Z' });
