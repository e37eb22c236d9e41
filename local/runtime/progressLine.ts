import type { RuntimeProgress } from './progress.js';

/** What `npm start` says as each phase begins: what it is doing now, and why it may take a while. */
const STARTING: Record<Exclude<RuntimeProgress['phase'], 'ready'>, string> = {
  template:
    'synthesizing the CDK stack (≈ 13 s; cached in .local/template-cache until infra/, shared/ or functions/ change)…',
  dynamodb: 'starting DynamoDB Local (Java)…',
  s3: 'starting s3rver…',
  storage: 'creating the table and buckets the stack declares…',
  seed: 'seeding the demo data (first start only)…',
  redrive: 're-driving open cases from their last status…',
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * One progress line of a start, or nothing: each phase's beginning, stamped with the time since the start
 * (so the gap to the next line is that phase's time), the seed's outcome, how many open cases were
 * re-driven, and `ready` with the whole start's time. A DynamoDB that was already running is said so.
 */
export function progressLine(p: RuntimeProgress): string | undefined {
  const stamp = `[${seconds(p.elapsedMs).padStart(6)}]`;
  if (p.phase === 'ready') return `${stamp} ready in ${seconds(p.tookMs ?? p.elapsedMs)}`;
  if (p.state === 'start') return `${stamp} ${STARTING[p.phase]}`;
  const took = seconds(p.tookMs ?? 0);
  if (p.phase === 'dynamodb' && p.detail === 'external')
    return `${stamp}   using the DynamoDB already running`;
  if (p.phase === 'seed')
    return `${stamp}   ${p.detail === 'seeded' ? 'demo data written' : 'demo data kept from an earlier start'} (${took})`;
  if (p.phase === 'redrive' && p.detail && p.detail !== '0')
    return `${stamp}   ${p.detail} open case(s) re-driven`;
  return undefined;
}
