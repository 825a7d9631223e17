import { z } from 'zod';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from './webhooks/schedule';

/** `*`, or a comma-separated list of origins (scheme, host and optional port; nothing more). */
const corsOrigins = z
  .string()
  .default('*')
  .transform((v, ctx) => {
    if (v.trim() === '*') return '*' as const;
    const origins = v
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins) {
      const url = URL.canParse(origin) ? new URL(origin) : undefined;
      if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin) {
        ctx.addIssue({ code: 'custom', message: `${JSON.stringify(origin)} is not an origin such as https://portal.example` });
      }
    }
    if (origins.length === 0) ctx.addIssue({ code: 'custom', message: 'list at least one origin, or * for any' });
    return origins;
  });

/** An http(s) origin: scheme, host and optional port, nothing more (a trailing slash is dropped). */
const publicOrigin = z.string().transform((v, ctx) => {
  const text = v.trim().replace(/\/$/, '');
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.origin !== text) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not an http(s) origin such as https://ovop.apec.example` });
    return z.NEVER;
  }
  return url.origin;
});

/** 32 bytes, base64 (standard or URL-safe alphabet, padded or not). */
const secretsKey = z.string().refine((v) => {
  const text = v.trim();
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(text);
}, 'SECRETS_KEY is 32 bytes in base64 (44 characters), e.g. the output of `openssl rand -base64 32`');

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');

/** The gateway's environment (docs/contract.md), parsed once at start-up; bad values stop the start. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Prefix of every Redis key; versioned so that an encoding change never reads old values. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/)
    .default('ovop:v1:'),
  /** Total deadline of one upstream request: every attempt, redirect hop and the whole body. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Largest upstream body read (decoded), enforced while it streams: a larger one is refused. */
  UPSTREAM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(32 * 1024 * 1024),
  GATEWAY_ADMIN_TOKEN: z.string().min(16, 'GATEWAY_ADMIN_TOKEN must be at least 16 characters').optional(),
  ALLOW_PRIVATE_UPSTREAMS: flag,
  CATALOGUE_SOURCE: z.union([z.literal('bundled'), z.url({ protocol: /^https?$/ })]).default('bundled'),
  RATES_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Requests per second each client (API key, else address) may sustain, and the burst it may send. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().max(1_000_000).default(20),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Signs page cursors; without it, a random key generated once and shared through the cache store (never derived from another secret). */
  CURSOR_SECRET: z.string().min(16).optional(),
  /** Where the client address comes from: `none` (the socket), `cloudflare` (CF-Connecting-IP), or N trusted hops in X-Forwarded-For. */
  TRUST_PROXY: z.union([z.enum(['none', 'cloudflare']), z.coerce.number().int().min(0).max(20)]).default('none'),
  /** Entries of the response cache for repeated identical queries; 0 turns it off. */
  RESPONSE_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  /** Origins whose browsers may call every route: `*` (any, never with credentials) or a list. */
  CORS_ORIGINS: corsOrigins,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** When set, /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** OpenTelemetry (the standard variables): traces go over OTLP/HTTP JSON when an endpoint is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(200).default('ovop-federation-gateway'),
  /** Which traces are recorded (the standard names); OTEL_TRACES_SAMPLER_ARG is the ratio for the *traceidratio ones. */
  OTEL_TRACES_SAMPLER: z
    .enum(['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'])
    .default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  /** How long a shutdown waits for requests in flight before closing them. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** How long new connections are still accepted once a shutdown begins (/readyz already 503). */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** Redis Sentinel: `host:port` list and the monitored master's name (instead of REDIS_URL's host). */
  REDIS_SENTINELS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'REDIS_SENTINELS is a comma-separated host:port list')
    .optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).default('mymaster'),
  /** Redis Cluster: `host:port` list of seed nodes. */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'REDIS_CLUSTER_NODES is a comma-separated host:port list')
    .optional(),
  /** Request headers a browser on an allowed origin may send, added to the defaults (comma-separated). */
  CORS_ALLOW_HEADERS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const names = v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean);
      for (const name of names)
        if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(name)} is not a header name` });
      return names;
    }),
  /** `off` refuses `__schema` and `__type` (`__typename` still answers). */
  INTROSPECTION: z.enum(['on', 'off']).default('on'),
  /** Trusted documents: a JSON object `{ "<id>": "<document text>" }` as GraphQL Code Generator's client preset writes it. */
  PERSISTED_DOCUMENTS_FILE: z.string().min(1).optional(),
  /** `allowed`: document ids and full texts both run; `required`: only the ids of PERSISTED_DOCUMENTS_FILE run. */
  PERSISTED_DOCUMENTS: z.enum(['allowed', 'required']).default('allowed'),
  /** Automatic persisted queries (Apollo's protocol); `off` answers every hash with PERSISTED_QUERY_NOT_SUPPORTED. */
  APQ: z.enum(['on', 'off']).default('on'),
  /** `max-age` of an anonymous query's answer over GET. */
  GRAPHQL_CACHE_SECONDS: z.coerce.number().int().min(0).max(31_536_000).default(60),
  /** Deadline of every store call (cache, registry, rate limit); past it the store counts as failed. */
  STORE_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /**
   * The gateway's public origin: every absolute URL it writes is built from it, never from a
   * request's Host (docs/contract.md). Unset, on Node and Workers alike, each request's own origin
   * is used and made part of every cache key an answer built from it is kept under, and a warning
   * is logged once: set it in production, and wherever a shared cache sits in front.
   */
  PUBLIC_URL: publicOrigin.optional(),
  /** Encrypts stored secrets (economies' upstream headers) with AES-GCM; unset, they are stored as they come. */
  SECRETS_KEY: secretsKey.optional(),
  /** How far back change cursors, removals and replays reach (the change feed); an older cursor is CURSOR_EXPIRED. */
  CHANGES_RETENTION_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(604_800),
  /** A harvest that would remove more than this share of a connector's products removes nothing until the next complete harvest agrees. */
  CHANGES_MAX_REMOVAL_RATIO: z.coerce.number().min(0).max(1).default(0.2),
  /** How many days before a certificate's validUntil its CERTIFICATE_EXPIRING change is written. */
  CERT_EXPIRY_NOTICE_DAYS: z.coerce.number().int().min(0).max(366).default(30),
  /** Delays between webhook delivery attempts after a failure (±20 % jitter); when they run out, the subscription is DISABLED. */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .default(DEFAULT_RETRY_SCHEDULE)
    .transform((v, ctx) => {
      try {
        return parseRetrySchedule(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** One webhook delivery attempt's deadline, the receiver's answer included. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /**
   * Deliveries a second to one subscription at most, so that a backlog (a day's harvests, a replay)
   * drains without flooding the receiver: 100,000 events take about 17 minutes at the default.
   */
  WEBHOOK_MAX_RATE: z.coerce.number().min(0.1).max(100_000).default(100),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment, treating empty strings as unset; throws with every problem listed. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
