// the Powertools singletons live in shared/ (commands log too); handlers keep importing them from here
export { logger, metrics } from '../../../shared/adapters/observability.js';
