import DataLoader from 'dataloader';
import type { Federation } from '../federation/federation';
import type { CatalogueIndex } from '../federation/catalogue/catalogue-index';
import type { IndexedProduct } from '../federation/snapshot';
import { languagePreferences } from '../normalize/language';
import type { RateTable } from '../money/rates/table';
import type { ClientKeys } from '../auth/client-keys';
import type { EconomyKeys } from '../auth/economy-keys';
import type { Registrations } from '../registry/registrations';
import type { CursorCodec } from './cursors/cursor';
import type { Logger } from '../log';
import type { PublicOrigin } from '../jsonld/public-origin';
import type { ChangeLog } from '../changes/change-log';
import type { WebhookSubscriptions } from '../webhooks/subscriptions';

/** What the GraphQL layer needs from the rest of the gateway, shared by every request. */
export interface GatewayServices {
  federation: Federation;
  /** The change log (docs/contract.md, "Keeping in sync"): what productChanges, /changes, the stream and the exports read. */
  changes: ChangeLog;
  /** The rate table in force (the live feed's last good table, or the bundled one). */
  rates: () => RateTable;
  /** Today, for certificate expiry; tests set it. */
  clock: () => Date;
  /** The operator token (GATEWAY_ADMIN_TOKEN); admin mutations are refused while unset. */
  adminToken?: string;
  keys: EconomyKeys;
  /** Client keys: named clients with their own rate quota (createClientKey). */
  clientKeys: ClientKeys;
  registrations: Registrations;
  cursors: CursorCodec;
  log: Logger;
  /** Where absolute URLs point (PUBLIC_URL, else the request's origin). */
  origin: PublicOrigin;
  /** Webhook subscriptions (docs/contract.md, "Webhooks: pushed changes"); absent, their fields answer UNAVAILABLE. */
  webhooks?: WebhookSubscriptions;
}

/** Per-request context: the services, the request's language preferences, and its own loaders. */
export interface GatewayContext extends GatewayServices {
  request: Request;
  /** The request's id (X-Request-Id), for logs. */
  requestId: string;
  /** Language preferences for `lang` (an argument), else Accept-Language, with English last. */
  languages(lang?: string | null): string[];
  /** The catalogue index; marks the request as one that reports unavailable connectors. */
  index(): Promise<CatalogueIndex>;
  /** Per-request state (yoga copies the context object, so mutable state lives one level down). */
  state: { usedCatalogue: boolean };
  /** Products by id, batched per request, and the records the request has read by document. */
  loaders: RequestLoaders;
}

/** What one request's context is made of. */
export interface ContextOptions {
  request: Request;
  /** Defaults to a new UUID. */
  requestId?: string;
  /**
   * The Accept-Language header when the caller has read it already (null: absent). Left out, it is
   * read from `request`, which on Node builds the request's whole Web Headers object.
   */
  acceptLanguage?: string | null;
}

/** Builds the context of one request. DataLoaders live exactly as long as the request. */
export function createContext(services: GatewayServices, options: ContextOptions): GatewayContext {
  const { request, requestId = crypto.randomUUID() } = options;
  const accept = options.acceptLanguage !== undefined ? options.acceptLanguage : request.headers.get('accept-language');
  let indexPromise: Promise<CatalogueIndex> | undefined;
  const state = { usedCatalogue: false };
  const index = () => {
    state.usedCatalogue = true;
    // Once every connector has been tried, the index in force, as the response cache's version reads
    // it (revalidating at most once a second), not a walk over every connector per request.
    if (!indexPromise) {
      const warm = services.federation.warmIndex();
      indexPromise = warm ? Promise.resolve(warm) : services.federation.index();
    }
    return indexPromise;
  };
  // Object.assign, not a spread: Node 20's V8 defines each property after a literal's spread in
  // its runtime (5 µs here, the cost of a whole product page's resolvers).
  return Object.assign(
    {
      request,
      requestId,
      state,
      languages: (lang?: string | null) => languagePreferences(lang, accept),
      index,
      loaders: new RequestLoaders(index),
    },
    services,
  );
}

/**
 * A request's DataLoader of products by id, made on first use (a products page reads its records
 * by document, in one read, and needs none), and the records read by document, which a later read
 * by id finds without a look-up.
 */
export class RequestLoaders {
  readonly #index: () => Promise<CatalogueIndex>;
  #product?: DataLoader<string, IndexedProduct | null>;
  #read?: IndexedProduct[];

  constructor(index: () => Promise<CatalogueIndex>) {
    this.#index = index;
  }

  /** Products by id. */
  get product(): DataLoader<string, IndexedProduct | null> {
    if (this.#product) return this.#product;
    this.#product = new DataLoader(async (ids) => (await this.#index()).lookup(ids));
    for (const item of this.#read ?? []) this.#product.prime(item.product.id, item);
    this.#read = undefined;
    return this.#product;
  }

  /** Records read by document: reads of the same products by id find them. */
  remember(items: readonly IndexedProduct[]): void {
    if (this.#product) for (const item of items) this.#product.prime(item.product.id, item);
    else (this.#read ??= []).push(...items);
  }
}
