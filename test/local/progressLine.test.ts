import { describe, expect, it } from 'vitest';
import { progressLine } from '../../local/runtime/progressLine.js';

/** What `npm start` prints as it starts (issue 18 item 7): each phase as it begins, with the time so far. */
describe('npm start progress lines', () => {
  it('say what is starting, stamped with the seconds since the start', () => {
    expect(progressLine({ phase: 'template', state: 'start', elapsedMs: 0 })).toMatch(
      /^\[ 0\.0 s\] synthesizing the CDK stack/,
    );
    expect(progressLine({ phase: 'dynamodb', state: 'start', elapsedMs: 12_940 })).toBe(
      '[12.9 s] starting DynamoDB Local (Java)…',
    );
    expect(progressLine({ phase: 's3', state: 'start', elapsedMs: 14_100 })).toContain('s3rver');
    expect(progressLine({ phase: 'seed', state: 'start', elapsedMs: 14_600 })).toContain('seeding');
  });

  it('tell the seed’s outcome and the whole time when ready, and nothing for a plain phase’s end', () => {
    expect(
      progressLine({ phase: 'seed', state: 'done', elapsedMs: 16_800, tookMs: 2_200, detail: 'seeded' }),
    ).toBe('[16.8 s]   demo data written (2.2 s)');
    expect(
      progressLine({ phase: 'seed', state: 'done', elapsedMs: 900, tookMs: 50, detail: 'kept' }),
    ).toContain('kept from an earlier start');
    expect(progressLine({ phase: 'ready', state: 'done', elapsedMs: 17_040, tookMs: 17_040 })).toBe(
      '[17.0 s] ready in 17.0 s',
    );
    expect(
      progressLine({ phase: 'redrive', state: 'done', elapsedMs: 16_900, tookMs: 100, detail: '8' }),
    ).toBe('[16.9 s]   8 open case(s) re-driven');
    expect(
      progressLine({ phase: 'redrive', state: 'done', elapsedMs: 900, tookMs: 10, detail: '0' }),
    ).toBeUndefined();
    expect(progressLine({ phase: 's3', state: 'done', elapsedMs: 14_300, tookMs: 200 })).toBeUndefined();
  });
});
