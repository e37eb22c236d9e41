import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import {
  createUserStore,
  type LocalUser,
  localUserSchema,
  UserStoreCorruptError,
} from '../../local/auth/users.js';

const APPLICANT: LocalUser = {
  userId: 'zhang-san',
  displayName: '张三',
  groups: ['applicant'],
  householdId: 'H-370302-0001',
};
const REVIEWER: LocalUser = { userId: 'reviewer-1', groups: ['village_reviewer'], village: '370302101201' };
const FUND: LocalUser = { userId: 'fund-1', groups: ['fund_admin', 'auditor'], district: '370303' };
const REGISTRAR: LocalUser = { userId: 'registrar-1', groups: ['registrar'] };
const TOWN_REVIEWER: LocalUser = { userId: 'town-1', groups: ['town_reviewer'], town: '370302101' };
const APPROVER: LocalUser = { userId: 'approver-1', groups: ['district_approver'], district: '370302' };
const LAND_OFFICER: LocalUser = { userId: 'land-1', groups: ['land_officer'], district: '370302' };

describe('localUserSchema', () => {
  it.each([APPLICANT, REVIEWER, FUND, REGISTRAR, TOWN_REVIEWER, APPROVER, LAND_OFFICER])(
    'accepts $userId',
    (user) => {
      expect(localUserSchema.parse(user)).toEqual(user);
    },
  );

  it.each<[string, unknown, string]>([
    ['no groups', { userId: 'u', groups: [] }, 'groups'],
    ['an unknown group', { userId: 'u', groups: ['admin'] }, 'groups'],
    ['a repeated group', { userId: 'u', groups: ['registrar', 'registrar'] }, 'groups'],
    ['an applicant without household', { userId: 'u', groups: ['applicant'] }, 'householdId'],
    ['a reviewer without village', { userId: 'u', groups: ['village_reviewer'] }, 'village'],
    [
      'a reviewer with an 11-digit village',
      { userId: 'u', groups: ['village_reviewer'], village: '37030210120' },
      'village',
    ],
    ['a fund admin without district', { userId: 'u', groups: ['fund_admin'] }, 'district'],
    ['an auditor without district', { userId: 'u', groups: ['auditor'] }, 'district'],
    ['an auditor outside Zibo', { userId: 'u', groups: ['auditor'], district: '110101' }, 'district'],
    ['a town reviewer without town', { userId: 'u', groups: ['town_reviewer'] }, 'town'],
    [
      'a town reviewer with only a village',
      { userId: 'u', groups: ['town_reviewer'], village: '370302101201' },
      'town',
    ],
    [
      'a town reviewer with a village code as town',
      { userId: 'u', groups: ['town_reviewer'], town: '370302101201' },
      'town',
    ],
    [
      'a town reviewer with a district as town',
      { userId: 'u', groups: ['town_reviewer'], town: '370302' },
      'town',
    ],
    ['a district approver without district', { userId: 'u', groups: ['district_approver'] }, 'district'],
    ['a land officer without district', { userId: 'u', groups: ['land_officer'] }, 'district'],
    ['a userId with a space', { userId: 'zhang san', groups: ['registrar'] }, 'userId'],
    ['an unknown field', { userId: 'u', groups: ['registrar'], admin: true }, ''],
  ])('refuses %s, naming the field', (_, input, path) => {
    const result = localUserSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => String(i.path[0] ?? ''))).toContain(path);
  });
});

describe('createUserStore', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'homestead-users-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts empty without a file and creates the directory on first write', async () => {
    const file = join(dir, 'nested', 'a', 'users.json');
    const store = createUserStore(file);
    expect(await store.list()).toEqual([]);
    expect(await store.get('zhang-san')).toBeUndefined();
    await store.put(APPLICANT);
    expect(await store.get('zhang-san')).toEqual(APPLICANT);
  });

  it('persists across store instances (a restart) and replaces by userId', async () => {
    const file = join(dir, 'restart.json');
    await createUserStore(file).put(APPLICANT);
    await createUserStore(file).put(REVIEWER);
    const moved = { ...APPLICANT, householdId: 'H-370302-0002' };
    await createUserStore(file).put(moved);
    expect(await createUserStore(file).list()).toEqual([moved, REVIEWER]);
  });

  it('refuses an invalid user with the ZodError and leaves the file alone', async () => {
    const file = join(dir, 'invalid.json');
    const store = createUserStore(file);
    await store.put(REGISTRAR);
    const before = await readFile(file, 'utf8');
    await expect(store.put({ userId: 'x', groups: ['applicant'] })).rejects.toBeInstanceOf(ZodError);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('ensure adds only missing seed users and keeps changed ones as they are', async () => {
    const file = join(dir, 'seed.json');
    const store = createUserStore(file);
    expect(await store.ensure([APPLICANT, REVIEWER])).toEqual([APPLICANT, REVIEWER]);
    const renamed = { ...REVIEWER, displayName: 'changed by a demo' };
    await store.put(renamed);
    expect(await store.ensure([APPLICANT, REVIEWER, FUND])).toEqual([FUND]);
    expect(await store.list()).toEqual([APPLICANT, renamed, FUND]);
    expect(await store.ensure([APPLICANT])).toEqual([]);
  });

  it('keeps every user of many concurrent puts and leaves no temp files', async () => {
    const file = join(dir, 'concurrent', 'users.json');
    const store = createUserStore(file);
    const users = Array.from({ length: 25 }, (_, i) => ({
      userId: `r-${i}`,
      groups: ['registrar' as const],
    }));
    await Promise.all(users.map((u) => store.put(u)));
    expect((await createUserStore(file).list()).map((u) => u.userId).sort()).toEqual(
      users.map((u) => u.userId).sort(),
    );
    expect(await readdir(join(dir, 'concurrent'))).toEqual(['users.json']);
  });

  it('refuses to run on a corrupt file instead of overwriting it', async () => {
    const file = join(dir, 'corrupt.json');
    await writeFile(file, '{"users": [{"userId": "half', 'utf8');
    const store = createUserStore(file);
    await expect(store.list()).rejects.toBeInstanceOf(UserStoreCorruptError);
    await expect(store.put(REGISTRAR)).rejects.toBeInstanceOf(UserStoreCorruptError);
    expect(await readFile(file, 'utf8')).toBe('{"users": [{"userId": "half');
  });
});
