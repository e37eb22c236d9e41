export * from './advance.js';
export * from './ledger.js';
export * from './reconcile.js';
export * from './replenish.js';
export * from './reserve.js';
