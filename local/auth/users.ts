import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { roleSchema } from '../../shared/auth/principal.js';
import { townCodeSchema } from '../../shared/auth/town.js';
import { districtCodeSchema, idSchema } from '../../shared/domain/model/common.js';
import { villageCodeSchema } from '../../shared/domain/model/village.js';

/**
 * The local runtime's users (what Cognito holds on AWS): who may sign in and the claims their token
 * carries. Persisted as JSON so users created through `POST /local/users` survive restarts.
 */

export const localUserSchema = z
  .strictObject({
    userId: idSchema,
    /** how the sign-in list shows the user: post and name, e.g. "东坪村村集体审核员 刘海燕" */
    displayName: z.string().trim().min(1).max(100).optional(),
    /**
     * the person's name (the token's standard `name` claim, as Cognito's `name` attribute, issue 18):
     * stored with the timeline entries they write; the display name stands in when absent
     */
    name: z.string().trim().min(1).max(64).optional(),
    groups: z
      .array(roleSchema)
      .min(1, 'at least one group')
      .refine((groups) => new Set(groups).size === groups.length, 'groups must not repeat'),
    householdId: idSchema.optional(),
    village: villageCodeSchema.optional(),
    town: townCodeSchema.optional(),
    district: districtCodeSchema.optional(),
  })
  // Each role's scope claim is what authorization reads; a user without it could sign in but see nothing.
  .superRefine((user, ctx) => {
    const needs = (
      role: (typeof user.groups)[number],
      field: 'householdId' | 'village' | 'town' | 'district',
    ) => {
      if (user.groups.includes(role) && user[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required for ${role}` });
      }
    };
    needs('applicant', 'householdId');
    needs('village_reviewer', 'village');
    needs('fund_admin', 'district');
    needs('auditor', 'district');
    needs('town_reviewer', 'town');
    needs('district_approver', 'district');
    needs('land_officer', 'district');
  });

export type LocalUser = z.infer<typeof localUserSchema>;

export interface UserStore {
  /** In the order users were first added. */
  list(): Promise<LocalUser[]>;
  get(userId: string): Promise<LocalUser | undefined>;
  /** Creates or replaces; throws the ZodError for an invalid user. Returns the stored (parsed) user. */
  put(user: unknown): Promise<LocalUser>;
  /** Adds the users whose userId is not there yet, keeps existing ones as they are; returns those added. */
  ensure(users: readonly unknown[]): Promise<LocalUser[]>;
}

const storeFileSchema = z.object({ users: z.array(localUserSchema) });

export class UserStoreCorruptError extends Error {
  constructor(file: string, cause: unknown) {
    super(
      `${file} is not a valid user store; fix or delete it (${cause instanceof Error ? cause.message : cause})`,
    );
    this.name = 'UserStoreCorruptError';
    this.cause = cause;
  }
}

async function load(file: string): Promise<LocalUser[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Refuse rather than start empty: the next write would otherwise destroy the users in the file.
  try {
    return storeFileSchema.parse(JSON.parse(text)).users;
  } catch (error) {
    throw new UserStoreCorruptError(file, error);
  }
}

/** Writes to a temp file in the same directory, flushes it, then renames over the target (atomic on POSIX). */
export async function writeFileAtomic(file: string, content: string, mode = 0o644): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w', mode);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function createUserStore(file: string): UserStore {
  // Read-modify-write cycles run one at a time, so two concurrent puts cannot lose each other's user.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  const save = (users: LocalUser[]): Promise<void> =>
    writeFileAtomic(file, `${JSON.stringify({ users }, null, 2)}\n`);

  // Reads go through the file every time, so a hand edit of the file while running is picked up.
  return {
    list: () => exclusive(() => load(file)),
    get: (userId) => exclusive(async () => (await load(file)).find((u) => u.userId === userId)),
    put: async (input) => {
      // Validate before queueing: a bad user is the caller's error, not a storage one.
      const user = localUserSchema.parse(input);
      return exclusive(async () => {
        const users = await load(file);
        const index = users.findIndex((u) => u.userId === user.userId);
        if (index === -1) users.push(user);
        else users[index] = user;
        await save(users);
        return user;
      });
    },
    ensure: async (inputs) => {
      const wanted = inputs.map((input) => localUserSchema.parse(input));
      return exclusive(async () => {
        const users = await load(file);
        const known = new Set(users.map((u) => u.userId));
        const added: LocalUser[] = [];
        for (const user of wanted) {
          if (known.has(user.userId)) continue;
          known.add(user.userId);
          users.push(user);
          added.push(user);
        }
        if (added.length > 0) await save(users);
        return added;
      });
    },
  };
}
