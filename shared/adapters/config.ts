import * as z from 'zod';

/**
 * Environment every handler reads, validated once per container. The same variables are set by CDK on
 * AWS and by the local runtime from the synthesized template; endpoints for local services come from
 * the SDK's own AWS_ENDPOINT_URL_* variables, so nothing here knows whether it runs locally.
 */
const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  DOCUMENTS_BUCKET: z.string().min(1).optional(),
  EVENT_BUS_NAME: z.string().min(1).optional(),
  STATE_MACHINE_ARN: z.string().min(1).optional(),
  /**
   * The font documents are set in (the agreement, the notice list, receipts): a file of the
   * documentFonts layer, `/opt/fonts/…` on AWS (infra/constructs/appFunction.ts `bindDocumentFont`).
   */
  DOCUMENT_FONT: z.string().min(1).optional(),
  POWERTOOLS_SERVICE_NAME: z.string().default('homestead-exit'),
  /**
   * When set, every human-step deadline and the public notice last at most this many seconds. The
   * stack leaves it unset; a runtime that wants a whole life cycle in seconds sets it (the local
   * runtime does under LOCAL_FAST_WAITS=1, README.md). A regex rather than z.coerce: coerce would add
   * ≈ 2.4 KiB of zod to every bundle.
   */
  WAIT_SECONDS_CAP: z
    .string()
    .regex(/^[1-9][0-9]*$/, 'a positive whole number of seconds')
    .transform(Number)
    .optional(),
});
export type AppConfig = z.infer<typeof configSchema>;

let cached: AppConfig | undefined;

export function appConfig(): AppConfig {
  cached ??= configSchema.parse(process.env);
  return cached;
}

/** Tests and the local runtime change the environment between handler runs. */
export function resetAppConfig(): void {
  cached = undefined;
}

export function requireConfig<K extends keyof AppConfig>(key: K): NonNullable<AppConfig[K]> {
  const value = appConfig()[key];
  if (value === undefined) throw new Error(`environment variable ${String(key)} is not set`);
  return value as NonNullable<AppConfig[K]>;
}
