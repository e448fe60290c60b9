import { Histogram, type Registry } from 'prom-client';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * `poems_http_request_duration_seconds{method,route,status}`: the route is the pattern
 * (`/v1/patients/:patientId/timeline`), never the URL, so no patient id becomes a label.
 */
export function httpRequestMetrics(registry: Registry): (method: string, route: string | undefined, status: number, seconds: number) => void {
  const histogram = new Histogram({
    name: 'poems_http_request_duration_seconds',
    help: 'Time from the request arriving to the answer sent, per route pattern',
    labelNames: ['method', 'route', 'status'],
    buckets: BUCKETS,
    registers: [registry],
  });
  return (method, route, status, seconds) => histogram.observe({ method, route: route ?? 'unmatched', status: String(status) }, seconds);
}
