/**
 * `npm start`: the local runtime is issue 5 and not built yet. Until then this says what is here,
 * rather than pretending to run the system.
 */
const lines = [
  'homestead-exit — local runtime not built yet (issue 5).',
  'What exists today:',
  '  shared/domain      the rules (eligibility, rights check, compensation, life cycle)',
  '  functions/api      the HTTP API handlers, tested against DynamoDB Local and s3rver',
  '  npm test           runs every test, lint and type check',
];
console.log(lines.join('\n'));
