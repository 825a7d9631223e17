import DataLoader from 'dataloader';
import type { Federation } from '../federation/federation';
import type { CatalogueIndex } from '../federation/catalogue-index';
import type { IndexedProduct } from '../federation/snapshot';
import { languagePreferences } from '../normalize/language';
import type { RateTable } from '../rates/table';
import type { ClientKeys } from '../registry/client-keys';
import type { EconomyKeys } from '../registry/keys';
import type { Registrations } from '../registry/registrations';
import type { CursorCodec } from './cursor';
import type { Logger } from '../log';

/** What the GraphQL layer needs from the rest of the gateway, shared by every request. */
export interface GatewayServices {
  federation: Federation;
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
}

/** Per-request context: the services, the request's language preferences, and fresh DataLoaders. */
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
  /** Products by id, and by document of the request's index (a products page reads its page by document). */
  loaders: { product: DataLoader<string, IndexedProduct | null>; document: DataLoader<number, IndexedProduct> };
}

/** Builds the context of one request. DataLoaders live exactly as long as the request. */
export function createContext(services: GatewayServices, request: Request, requestId: string = crypto.randomUUID()): GatewayContext {
  const accept = request.headers.get('accept-language');
  let indexPromise: Promise<CatalogueIndex> | undefined;
  const state = { usedCatalogue: false };
  const index = () => {
    state.usedCatalogue = true;
    return (indexPromise ??= services.federation.index());
  };
  return {
    ...services,
    request,
    requestId,
    state,
    languages: (lang) => languagePreferences(lang, accept),
    index,
    loaders: {
      product: new DataLoader(async (ids) => (await index()).lookup(ids)),
      document: new DataLoader(async (docs) => (await index()).records(docs)),
    },
  };
}
