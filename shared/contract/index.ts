/**
 * The wire contract of ../../shared/API.md and of this project's extensions (docs/api-conformance.md),
 * once: zod schemas of every JSON answer, their inferred types, and problem+json with its stable codes.
 * Free of AWS and Node APIs, so that the handlers, the portal and outside clients share it. Clients that
 * only need the types import them with `import type`, which keeps zod out of their bundles.
 */
export * from './audit.js';
export * from './caseActions.js';
export * from './cases.js';
export * from './claims.js';
export * from './collectivePayments.js';
export * from './common.js';
export * from './documents.js';
export * from './fund.js';
export * from './identity.js';
export * from './notifications.js';
export * from './policy.js';
export * from './policyVersions.js';
export * from './problem.js';
export * from './problemMembers.js';
export * from './registry.js';
export * from './reports.js';
export * from './routes.js';
export * from './timelineActions.js';
