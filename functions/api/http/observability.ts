/**
 * The API functions' logger and metrics are every function's (shared/adapters/observability.ts); the HTTP
 * edge names them from here.
 */
export {
  EdgeLogger,
  EdgeMetrics,
  logger,
  type MetricUnit,
  metrics,
} from '../../../shared/adapters/observability.js';
