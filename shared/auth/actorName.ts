import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The display name of the person a request runs for (their token's `name` claim, issue 18), so that the
 * timeline entry a write appends can carry it (shared/cases/commands/commit.ts stampAction) without
 * every command passing it along beside the actor id. Only the request's own actor is named: an entry
 * by anyone else (the system, an earlier writer) gets no name from here.
 */
const current = new AsyncLocalStorage<{ sub: string; name: string }>();

export function withActorName<T>(principal: { sub: string; name?: string }, run: () => T): T {
  return principal.name ? current.run({ sub: principal.sub, name: principal.name }, run) : run();
}

/** The display name of `actor` when it is the person this request runs for. */
export function actorNameOf(actor: string): string | undefined {
  const who = current.getStore();
  return who && who.sub === actor ? who.name : undefined;
}
