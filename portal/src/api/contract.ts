/**
 * The wire types of the HTTP API, from the one contract the server answers by (shared/contract).
 * Type-only on purpose: `export type *` carries no code, so no screen can pull a zod schema (and zod
 * itself) into a household's download by importing from here.
 */
export type * from '../../../shared/contract';
