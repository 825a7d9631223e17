import type { CanonicalProduct } from '../../schemas/product';
import { isoDay } from '../compliance/destination';
import { aspectsOf } from './aspects';
import { CHANGE_LOG_DEFAULTS, type ConnectorState, DIGESTS_AT_ONCE, type HeldRemovals, type ProductCommit } from './change-log';
import { complianceTransitions, DEFAULT_DESTINATIONS, evaluateDestinations, touchesCompliance } from './compliance-watch';
import { diffStates } from './diff';
import type { ChangeAspect, ComplianceTransition, FieldChange, JsonValue, ProductChange, ProductChangeType } from './event';
import { eventId } from './event-id';
import { IdHashSet } from './id-hash-set';
import { type PriorState, priorOfState } from './prior-state';
import { certificateKey, certificatesOf, productState, schemesOf, type StateBounds, type StateRow } from './product-state';
import { sourceDigest } from './row-digest';

/** One harvest as change detection sees it. */
export interface HarvestOutcome {
  /** False for a failed, truncated or DEGRADED harvest: then it removes nothing. */
  complete: boolean;
  /**
   * The harvest's products: a list, or an async iterable read once per detection (a snapshot's
   * documents, a block at a time), so that a large catalogue is never held whole. A recording that
   * meets another writer detects again, so it must be iterable more than once. Each is a product,
   * or a HarvestItem (its id and source digest, the product read only when the digest moved).
   */
  products: Iterable<CanonicalProduct | HarvestItem> | AsyncIterable<CanonicalProduct | HarvestItem>;
}

/**
 * A harvested product as a recording hands it over: what compares it at once, the product itself on
 * demand. Detection asks for the products of a batch of moved items all at once (before awaiting
 * any), so a `product` that reads through a batching reader (the shards': `batchedReader`) costs one
 * read per batch, not one per product.
 */
export interface HarvestItem {
  id: string;
  /** `sourceDigest` of the product's JSON text. */
  source: string;
  product(): CanonicalProduct | Promise<CanonicalProduct>;
}

export interface DetectInput {
  connector: string;
  economy: string;
  harvest: HarvestOutcome;
  /**
   * The connector's recorded state, never one instance's snapshot: its digests and rows on demand
   * (`priorOf`), or its rows read whole (ChangeLog.state).
   */
  previous: PriorState | ConnectorState;
  /** A complete harvest lacking more than this share of the products removes nothing until the next agrees. @default 0.2 */
  maxRemovalRatio?: number;
  now: Date;
  /** The destinations whose compliance status is followed. @default DEFAULT_DESTINATIONS */
  destinations?: readonly string[];
  bounds?: StateBounds;
  /**
   * Takes the commits made so far (events and rows, `refreshed` ones too) each time FLUSH_COMMITS
   * have piled up, to write them at once: a large harvest (a connector's first) is then never held
   * whole as rows. What is left comes back in the Detection, removals always. Absent: all of it does.
   */
  flush?: (commits: ProductCommit[]) => Promise<void>;
}

/** Removals a harvest did not make, and why. */
export interface HeldBack {
  productIds: string[];
  reason: 'INCOMPLETE_HARVEST' | 'REMOVAL_RATIO';
}

export interface Detection {
  /** Per product, its events and new row (ChangeLog.append). */
  commits: ProductCommit[];
  /**
   * Rows of products whose content is unchanged but whose source digest moved (the same content in
   * other JSON, or a row from before digests): no events, only the row, so the next harvest skips them.
   */
  refreshed: ProductCommit[];
  /** The removals held back from now on (null: none); pass it to ChangeLog.append as `held`. */
  held: HeldRemovals | null;
  /** What this harvest did not remove, and why; null when it removed all it lacked. */
  heldBack: HeldBack | null;
}

/**
 * Compares a harvest with the connector's recorded state and says what changed: CREATED for a
 * product it had no row of (or a removed one), UPDATED with each changed field for one whose
 * content hash moved, COMPLIANCE_CHANGED for each followed destination whose status moved (for a
 * product whose status is recorded, when a field the rules read changed: the sweep records a new
 * product's first status, off the harvest's path, since evaluating costs a millisecond a
 * destination), and
 * REMOVED for the products a complete harvest lacks, unless that is more than `maxRemovalRatio` of
 * them: then they are held back until a complete harvest agrees, which removes those it still
 * lacks. An unchanged product (however recently fetched) writes nothing.
 *
 * The recorded state is read in pieces, never whole (issue 30): the digests of each batch of
 * LOOKUP harvested products in one call, then every digest a page at a time for the removals. Of
 * the harvest it keeps a 64-bit hash of each id (IdHashSet), which also takes each id once.
 */
export async function detectChanges(input: DetectInput): Promise<Detection> {
  const { connector, economy, harvest, now } = input;
  const { maxRemovalRatio = CHANGE_LOG_DEFAULTS.maxRemovalRatio, destinations = DEFAULT_DESTINATIONS } = input;
  const previous = typeof input.previous.rows === 'function' ? (input.previous as PriorState) : priorOfState(input.previous as ConnectorState);
  const at = now.toISOString();
  const today = isoDay(now);
  const commits: ProductCommit[] = [];
  const refreshed: ProductCommit[] = [];
  // Every product the harvest gave, as 64-bit hashes of their ids (IdHashSet: 11 to 21 bytes an id, no string).
  const seen = new IdHashSet();
  const make = (base: StateRow | undefined, product: Pick<ProductChange, 'productId'>) => ({ connector, economy, at, base, ...product });

  const compare = async (item: HarvestItem, row: StateRow | undefined, product: CanonicalProduct) => {
    // The item's copy of an equal id, held until the commit is written either way (a product read
    // from the shards brings its own copy, issue 30).
    const productId = item.id === product.id ? item.id : product.id;
    const state = productState(product, input.bounds);
    if (row && !row.removedAt && row.hash === state.hash) {
      if (row.source !== item.source) refreshed.push({ productId: row.productId, baseVersion: row.version, events: [], row: { ...row, source: item.source } });
      return;
    }
    const base = row?.version ?? 0;
    let compliance = row?.removedAt ? undefined : row?.compliance;
    let evaluatedOn = row?.removedAt ? undefined : row?.evaluatedOn;
    const events: ProductChange[] = [];
    const context = make(row, { productId });
    if (!row || row.removedAt) {
      events.push(await change(context, { type: 'CREATED', version: base + 1, before: '', after: state.hash, fields: state.fields, changes: [] }));
    } else {
      const changes = diffStates(row.fields, state.fields);
      if (changes.length > 0) {
        const update = { type: 'UPDATED' as const, version: base + 1, before: row.hash, after: state.hash, fields: state.fields, changes };
        events.push(await change(context, update));
      }
      // Only a product with a recorded status, and a change the rules read, is evaluated again.
      if (compliance && touchesCompliance(changes.map((c) => c.path))) {
        const { reports, states } = evaluateDestinations(product, destinations, today);
        for (const transition of complianceTransitions(compliance, reports, at)) {
          events.push(await complianceChange(context, { version: base + events.length + 1, hash: state.hash, fields: state.fields, transition }));
        }
        compliance = states;
        evaluatedOn = today;
      }
    }
    const noticed = keepNotices(row?.removedAt ? undefined : row?.noticed, state.fields);
    const next: StateRow = {
      productId,
      version: base + events.length,
      hash: state.hash,
      fields: state.fields,
      source: item.source,
      ...(noticed.length && { noticed }),
      ...(compliance && { compliance, evaluatedOn }),
    };
    commits.push({ productId, baseVersion: base, events, row: next });
  };

  // Products whose digest moved wait here, a few at a time, for their rows and products to be read together.
  let pending: Array<{ item: HarvestItem; known: boolean }> = [];
  const settle = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const known = batch.flatMap(({ item, known }) => (known ? [item.id] : []));
    // Every product of the batch asked before any is awaited, beside the rows: a batching reader reads them in one go.
    const [rows, products] = await Promise.all([
      known.length ? previous.rows(known) : new Map<string, StateRow>(),
      Promise.all(batch.map(({ item }) => item.product())),
    ]);
    for (let i = 0; i < batch.length; i++) await compare(batch[i]!.item, rows.get(batch[i]!.item.id), products[i]!);
    if (input.flush && commits.length + refreshed.length >= FLUSH_COMMITS) await input.flush([...commits.splice(0), ...refreshed.splice(0)]);
  };
  // Harvested products wait here, LOOKUP at a time, for their recorded digests to be asked at once.
  let taken: HarvestItem[] = [];
  // The products the harvest gave that had an active row: with those it lacks, the share a removal is measured against.
  let activeSeen = 0;
  const lookup = async () => {
    const batch = taken;
    taken = [];
    if (batch.length === 0) return;
    const digests = await previous.digestsOf(batch.map((item) => item.id));
    for (const item of batch) {
      const digest = digests.get(item.id);
      if (digest && !digest.removed) activeSeen++;
      // The same JSON as recorded: the same product, whatever its fields (nothing else is read for it).
      if (digest && !digest.removed && digest.source !== '' && digest.source === item.source) continue;
      pending.push({ item, known: digest !== undefined });
      if (pending.length >= PENDING) await settle();
    }
  };
  /** Takes a harvested product (the first of equal ids); true when a batch waits to be looked up. */
  const take = (entry: CanonicalProduct | HarvestItem): boolean => {
    const item = itemOf(entry);
    if (!seen.add(item.id)) return false;
    taken.push(item);
    return taken.length >= LOOKUP;
  };
  // Most products are unchanged: a list is walked without awaiting each of them.
  const { products } = harvest;
  if (Symbol.iterator in products) {
    for (const entry of products) if (take(entry)) await lookup();
  } else {
    for await (const entry of products) if (take(entry)) await lookup();
  }
  await lookup();
  await settle();

  // The removal pass: the log's digests a page at a time, each active one the harvest lacks. The
  // rows this detection wrote (flushed) are all of products it took, so they are never lacking.
  const lacking: string[] = [];
  for await (const page of previous.digestPages()) {
    for (const [id, digest] of page) if (!digest.removed && !seen.has(id)) lacking.push(id);
  }
  const active = activeSeen + lacking.length;
  let remove: string[] = [];
  let held: HeldRemovals | null = previous.held;
  let heldBack: HeldBack | null = null;
  if (!harvest.complete) {
    if (lacking.length) heldBack = { productIds: lacking, reason: 'INCOMPLETE_HARVEST' };
  } else {
    const agreed = new Set(previous.held?.productIds ?? []);
    const confirmed = lacking.filter((id) => agreed.has(id));
    const fresh = lacking.filter((id) => !agreed.has(id));
    remove = confirmed;
    held = null;
    if (fresh.length > maxRemovalRatio * active) {
      held = { productIds: fresh, since: at, reason: 'REMOVAL_RATIO' };
      heldBack = { productIds: fresh, reason: 'REMOVAL_RATIO' };
    } else for (const id of fresh) remove.push(id);
  }
  const removed = remove.length ? await previous.rows(remove) : new Map<string, StateRow>();
  for (const id of remove) {
    const row = removed.get(id);
    if (row && !row.removedAt) commits.push(await removal(make(row, { productId: id })));
  }
  return { commits, refreshed, held, heldBack };
}

/** Products whose digest moved, read and compared a batch at a time (their rows read together). */
const PENDING = 256;
/** Harvested products whose recorded digests are asked of the log at once (one call, DIGESTS_AT_ONCE at most). */
const LOOKUP = DIGESTS_AT_ONCE;
/** Commits a detection holds at most, with a `flush`, before handing them over (about two batches). */
export const FLUSH_COMMITS = 512;

/** A product or a HarvestItem as a HarvestItem (a product's digest is of its JSON as it stands). */
function itemOf(entry: CanonicalProduct | HarvestItem): HarvestItem {
  if (typeof (entry as HarvestItem).product === 'function') return entry as HarvestItem;
  const product = entry as CanonicalProduct;
  return { id: product.id, source: sourceDigest(JSON.stringify(product)), product: () => product };
}

/** REMOVED for every product of a connector being removed (its rows become tombstones). */
export async function removeConnector(input: { connector: string; economy: string; previous: ConnectorState; now: Date }): Promise<ProductCommit[]> {
  const { connector, economy, previous, now } = input;
  const at = now.toISOString();
  const active = [...previous.rows.values()].filter((r) => !r.removedAt);
  return Promise.all(active.map((row) => removal({ connector, economy, at, base: row, productId: row.productId })));
}

interface Context {
  connector: string;
  economy: string;
  at: string;
  base: StateRow | undefined;
  productId: string;
}

async function removal(context: Context): Promise<ProductCommit> {
  const row = context.base!;
  const event = await change(context, { type: 'REMOVED', version: row.version + 1, before: row.hash, after: '', fields: row.fields, changes: [] });
  const tombstone: StateRow = { productId: row.productId, version: row.version + 1, hash: '', fields: {}, removedAt: context.at };
  return { productId: row.productId, baseVersion: row.version, events: [event], row: tombstone };
}

interface ChangeSpec {
  type: ProductChangeType;
  version: number;
  before: string;
  after: string;
  /** The fields the product has (after; before, for a removal): its category and certificates, for filters. */
  fields: Record<string, JsonValue>;
  changes: FieldChange[];
  aspects?: ChangeAspect[];
  compliance?: ComplianceTransition | null;
  detail?: string;
}

/** An event of a product, its id derived from the product, its version and its two states. */
export async function change(context: Context, spec: ChangeSpec): Promise<ProductChange> {
  const { productId, connector, economy, at } = context;
  const aspects = spec.aspects ?? aspectsOf(spec.type === 'UPDATED' ? spec.changes.map((c) => c.path) : Object.keys(spec.fields));
  const { type, version, before, after, detail } = spec;
  return {
    id: await eventId({ productId, type, version, before, after, detail }),
    type,
    occurredAt: at,
    productId,
    economy,
    connector,
    version,
    aspects,
    changes: spec.changes,
    compliance: spec.compliance ?? null,
    category: typeof spec.fields.category === 'string' ? spec.fields.category : null,
    certifications: schemesOf(spec.fields),
  };
}

/** COMPLIANCE_CHANGED for one destination's transition. */
export function complianceChange(
  context: Context,
  spec: { version: number; hash: string; fields: Record<string, JsonValue>; transition: ComplianceTransition; day?: string },
): Promise<ProductChange> {
  const { transition } = spec;
  return change(context, {
    type: 'COMPLIANCE_CHANGED',
    version: spec.version,
    before: spec.hash,
    after: spec.hash,
    fields: spec.fields,
    changes: [],
    aspects: ['COMPLIANCE'],
    compliance: transition,
    detail: `${transition.destination}\u0000${transition.from}\u0000${transition.to}\u0000${spec.day ?? ''}`,
  });
}

/** The notices still worth remembering: those of certificates the product still has. */
function keepNotices(noticed: readonly string[] | undefined, fields: Record<string, JsonValue>): string[] {
  if (!noticed?.length) return [];
  const present = new Set(certificatesOf(fields).map(certificateKey));
  return noticed.filter((key) => present.has(key));
}
