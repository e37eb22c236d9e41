// `npm test`: the lint first (2 s: a formatting slip fails at once), then the two type checks and the
// test run side by side. The type checks (≈ 31 s, 42 s of CPU) used to run before the tests, alone; the
// tests leave a good part of the two cores idle while the browser files wait on Chromium, the local
// workflow and DynamoDB Local, so the checks fit in beside them (docs/performance.md, "The test suite's
// time"). Every check still runs and any failure fails the whole; extra arguments go to vitest.
import { spawn } from 'node:child_process';

const run = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

const lint = await run('npm', ['run', '--silent', 'lint']);
if (lint !== 0) process.exit(lint);
const [types, tests] = await Promise.all([
  run('npm', ['run', '--silent', 'typecheck']),
  run('npx', ['vitest', 'run', ...process.argv.slice(2)]),
]);
if (types !== 0) console.error('npm test: the type check failed (its errors are above)');
process.exit(types || tests);
