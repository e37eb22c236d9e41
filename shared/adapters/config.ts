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
  POWERTOOLS_SERVICE_NAME: z.string().default('homestead-exit'),
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
