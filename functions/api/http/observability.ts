import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** Powertools singletons for a container; service name and log level come from the environment. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'homestead-exit' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'HomesteadExit',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'homestead-exit',
});
