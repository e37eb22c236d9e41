import { progressLine } from './runtime/progressLine.js';
import { startRuntime } from './runtime/runtime.js';
import { DEMO_HOUSEHOLDS } from './seed/demoData.js';

/**
 * `npm start`: the whole system on this machine — the same handlers and state machine as on AWS, over
 * DynamoDB Local, s3rver and aws-local-stepfunctions — with demo data. Ctrl-C stops every child process.
 */
// the machines here run Node 20 (Lambda runs 22); the SDK's reminder would repeat in every terminal
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const port = Number(process.env.PORT ?? 3000);
const fastWaits = process.env.LOCAL_FAST_WAITS === '1';
const dataDir = process.env.LOCAL_DATA_DIR ?? '.local';

// demo cases: on the first start, one case waiting at each review step (村 → 镇 → 区), so the portal has work
// in every reviewer's queue; only here, because the tests and the bench count the cases they make
const runtime = await startRuntime({
  port,
  dataDir,
  fastWaits,
  demoCases: true,
  onProgress: (p) => {
    const line = progressLine(p);
    if (line) console.log(line);
  },
});
const users = await runtime.users.list();
const pick = (prefix: string, n: number) => users.filter((u) => u.userId.startsWith(prefix)).slice(0, n);
console.log(`homestead-exit is running at ${runtime.url}/  (API: ${runtime.url}/api)`);
console.log(`fast waits: ${fastWaits ? 'on (every wait and deadline ≤ 1 s)' : 'off'}; data: ${dataDir}/`);
console.log('demo users (POST /api/local/login {"userId"}; all: GET /api/local/users):');
for (const u of [
  ...pick('applicant-', 4),
  ...pick('reviewer-', 2),
  ...pick('fund-370302', 2),
  ...pick('auditor-', 1),
  ...pick('registrar', 1),
]) {
  console.log(`  ${u.userId.padEnd(34)} ${u.groups.join(',').padEnd(18)} ${u.displayName ?? ''}`);
}
console.log(`  … and ${users.length - 10} more (${DEMO_HOUSEHOLDS.length} households, one per scenario)`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('stopping…');
  await runtime.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
