import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * Powertools singletons for a container; service name and log level come from the environment. They
 * live in shared/ because the commands log too (a workflow step's lost race), and shared/ never imports
 * from functions/; the handlers' middlewares (route.ts, taskHandler) attach the Lambda context to them.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'homestead-exit' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'HomesteadExit',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'homestead-exit',
});
