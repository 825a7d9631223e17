import { z } from 'zod';
import { CURRENCIES } from '../../schemas/currencies';
import { type ChangeFilter, ChangeFilterInput } from '../changes/filter';
import { badInput } from '../errors';
import { canonicalLanguage } from '../normalize/language';
import { toBase64Url } from '../encoding/base64url';

/** Where a subscription stands (docs/contract.md, "Webhooks: pushed changes"). */
export const WEBHOOK_STATUSES = ['ACTIVE', 'RETRYING', 'DISABLED'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** Who owns a subscription: the SHA-256 (hex) of the client key that made it, or the operator. */
export type SubscriptionOwner = string;
export const OPERATOR_OWNER = 'operator';

/** A subscription's signing secrets, in clear in memory (stores seal them under SECRETS_KEY). */
export interface SigningSecrets {
  /** `whsec_` + base64 of 32 random bytes. */
  current: string;
  /** The secret before the last rotation, which still signs beside the current one until `previousExpiresAt`. */
  previous: string | null;
  /** Milliseconds since the epoch. */
  previousExpiresAt: number | null;
}

/** A webhook subscription as the gateway holds it. Times are milliseconds since the epoch. */
export interface Subscription {
  id: string;
  owner: SubscriptionOwner;
  url: string;
  filter: ChangeFilter | null;
  /** ISO 4217, upper case; null: each product in its own currency. */
  currency: string | null;
  /** A canonical BCP 47 tag; null: each product in its own language. */
  lang: string | null;
  status: WebhookStatus;
  /** The change-log cursor after the last event delivered (or passed over by the filter). */
  cursor: string;
  /** When the current run of failures began; null while deliveries succeed. */
  failingSince: number | null;
  /** When the next retry is due; null unless RETRYING. */
  nextAttemptAt: number | null;
  createdAt: number;
  /** Bumped on every write: a write made from an older revision is refused (a delivery racing a replay). */
  revision: number;
  secrets: SigningSecrets;
}

/** What a client sends to create or update a subscription (WebhookSubscriptionInput), as it comes. */
export interface SubscriptionInput {
  url: string;
  filter?: unknown;
  currency?: string | null;
  lang?: string | null;
}

/** The checked input: what a subscription takes from it. */
export interface CheckedInput {
  url: string;
  filter: ChangeFilter | null;
  currency: string | null;
  lang: string | null;
}

export interface InputRules {
  /** ALLOW_PRIVATE_UPSTREAMS: an http URL is accepted too (local development and tests). @default false */
  allowPrivate?: boolean;
  /** Checks and normalizes a currency (the gateway's requestCurrency over its rate table). @default an ISO 4217 code the gateway knows */
  currency?: (code: string) => string;
}

const MAX_URL_LENGTH = 2048;

const InputSchema = z.strictObject({
  url: z.string().trim().min(1).max(MAX_URL_LENGTH),
  filter: ChangeFilterInput.nullish(),
  currency: z.string().max(16).nullish(),
  lang: z.string().max(64).nullish(),
});

/**
 * Checks a WebhookSubscriptionInput: the URL is https (http only where private upstreams are
 * allowed) without credentials or a fragment, the filter is a bounded ChangeFilter, the currency
 * and language are ones the gateway serves. Anything else is BAD_USER_INPUT. The address check
 * (the SSRF guard) is the caller's next step: it needs DNS, which this pure check does not do.
 */
export function checkSubscriptionInput(input: SubscriptionInput, rules: InputRules = {}): CheckedInput {
  const parsed = InputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(`invalid webhook subscription: ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`, { argument: 'input' });
  }
  const { url, filter, currency, lang } = parsed.data;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw badInput('the webhook url is not a URL', { argument: 'input.url' });
  }
  const schemes = rules.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(target.protocol)) throw badInput('the webhook url must be https', { argument: 'input.url' });
  if (target.username || target.password) throw badInput('the webhook url may not carry credentials', { argument: 'input.url' });
  if (target.hash) throw badInput('the webhook url may not carry a fragment', { argument: 'input.url' });
  return {
    url: target.toString(),
    filter: filter && Object.values(filter).some((v) => v !== null && v !== undefined) ? filter : null,
    currency: currency ? (rules.currency ?? knownCurrency)(currency) : null,
    lang: lang ? canonicalLanguage(lang) : null,
  };
}

function knownCurrency(code: string): string {
  const upper = code.trim().toUpperCase();
  if (!CURRENCIES.has(upper)) throw badInput(`"${code}" is not a currency this gateway converts to`, { argument: 'currency' });
  return upper;
}

/** The ids a subscription gets: `wh_` + 128 random bits, base64url. */
export function newSubscriptionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `wh_${toBase64Url(bytes)}`;
}

/** True for an id this gateway could have issued (checked before it becomes a store key). */
export function isSubscriptionId(id: string): boolean {
  return /^wh_[A-Za-z0-9_-]{22}$/.test(id);
}
