import { describe, expect, it, vi } from 'vitest';
import { BUNDLED_RATES } from '../../money/rates/bundled';
import { products } from '../search/scatter-gather-fixtures';
import { CatalogueShard } from './catalogue-shard';
import { ShardedCatalogue } from './sharded-catalogue';
import { MemoryShardStorage } from './shard-storage';
import { ShardMemory } from './shard-memory';

/** Rows in memory that count the snapshot reads, and can hold back the reads of document pages until let go. */
class ShardRows extends MemoryShardStorage {
  snapshotReads = 0;
  private held?: Promise<void>;
  private letGo?: () => void;

  override async get(key: string): Promise<Uint8Array | undefined> {
    if (key.startsWith('snap:')) this.snapshotReads++;
    if (key.startsWith('docs:') && this.held) await this.held;
    return super.get(key);
  }

  /** Document pages are read only once `release` is called. */
  holdDocuments(): () => void {
    this.held = new Promise((resolve) => (this.letGo = resolve));
    return () => {
      this.held = undefined;
      this.letGo?.();
    };
  }
}

const all = products();
const connectors = [...new Set(all.map((p) => p.connector))].sort();
const honey = { text: 'honey', sort: 'RELEVANCE', lang: 'en', currency: 'USD' } as const;
const browse = { sort: 'RELEVANCE', lang: 'en', currency: 'USD' } as const;

/** Every connector harvested into `count` shards, each over its own rows, all in `memory`; with the shards and their rows. */
async function harvested(count: number, memory: ShardMemory) {
  const rows = Array.from({ length: count }, () => new ShardRows());
  const shards = rows.map((storage) => new CatalogueShard({ storage, memory }));
  const sharded = new ShardedCatalogue({ shards, connectors: () => connectors });
  for (const connector of connectors) {
    const run = sharded.harvest(connector);
    for (const { product } of all.filter((p) => p.connector === connector)) run.add(product);
    await run.finish('2026-12-08T00:00:00Z');
  }
  return { rows, shards, sharded };
}

/** What one shard holds warmed alone (its slices and index), the largest of `count` shards'. */
async function largestShard(count: number): Promise<number> {
  const memory = new ShardMemory({ budgetBytes: Number.MAX_SAFE_INTEGER });
  const { shards } = await harvested(count, memory);
  await Promise.all(shards.map((shard) => shard.warm({ connectors })));
  return Math.max(...(await Promise.all(shards.map(async (shard) => (await shard.heldBytes()) + shard.indexBytes))));
}

describe('ShardMemory', () => {
  it('lets the least recently used go, never one in use, and forgets members that hold nothing', () => {
    const memory = new ShardMemory({ budgetBytes: 25 });
    const released: string[] = [];
    const member = (name: string) => memory.join({ release: () => released.push(name) });
    const [a, b, c] = [member('a'), member('b'), member('c')];
    for (const m of [a, b]) m.enter(), m.resize(10), m.leave();
    expect(memory.bytes).toBe(20);
    // a is used again, and stays in use: b is the least recently used not in use.
    a.enter();
    c.enter();
    c.resize(10);
    expect(released).toEqual(['b']);
    expect(memory.bytes).toBe(20);
    expect(memory.count).toBe(2);
    // Over the budget with only members in use: served over it, and said so.
    c.resize(20);
    expect(released).toEqual(['b']);
    expect(memory.over).toBe(true);
    // Once a is done, the next growth lets it go.
    a.leave();
    c.resize(21);
    expect(released).toEqual(['b', 'a']);
    expect(memory.bytes).toBe(21);
    expect(memory.evictions).toBe(2);
    c.leave();
    c.resize(0);
    expect(memory.count).toBe(0);
  });

  it('forgets a member whose shard was collected (a Durable Object the runtime dropped), without telling it', () => {
    const memory = new ShardMemory({ budgetBytes: 25 });
    const released: string[] = [];
    const live = memory.join({ release: () => released.push('live') });
    live.enter(), live.resize(10), live.leave();
    // A weak reference whose target was collected.
    vi.stubGlobal(
      'WeakRef',
      class {
        deref = () => undefined;
      },
    );
    try {
      const dropped = memory.join({ release: () => released.push('dropped') });
      dropped.enter(), dropped.resize(10), dropped.leave();
      expect(dropped.gone).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
    const next = memory.join({ release: () => released.push('next') });
    next.enter();
    next.resize(10);
    // Over the budget: the collected member's share is forgotten first, and then the rest fit.
    expect(released).toEqual([]);
    expect(memory.bytes).toBe(20);
    expect(memory.count).toBe(2);
  });

  it('keeps the shards of an isolate within its budget together, slices and indexes, and answers as shards that keep everything', async () => {
    const largest = await largestShard(3);
    const unbounded = await harvested(3, new ShardMemory({ budgetBytes: Number.MAX_SAFE_INTEGER }));
    // Room for two shards of three: each search, which asks every shard in turn, lets one go.
    const memory = new ShardMemory({ budgetBytes: Math.ceil(2.5 * largest) });
    const bounded = await harvested(3, memory);
    const reads = () => bounded.rows.reduce((n, rows) => n + rows.snapshotReads, 0);
    const before = reads();
    for (const query of [honey, browse, { ...honey, text: 'silk' }, honey]) {
      const expected = await unbounded.sharded.search(query, BUNDLED_RATES, { first: 10, facets: true });
      // One shard at a time, as shards of one isolate are asked (each call done before the next).
      for (const [s, shard] of bounded.shards.entries()) {
        const request = { connectors, query, rates: BUNDLED_RATES, position: 0, first: 10, facets: true };
        expect(await shard.search(request)).toEqual(await unbounded.shards[s]!.search(request));
        expect(memory.bytes).toBeLessThanOrEqual(memory.budgetBytes);
      }
      const page = await bounded.sharded.search(query, BUNDLED_RATES, { first: 10, facets: true });
      expect(page).toEqual(expected);
    }
    // Shards let go were read again from their rows: degraded to reloading, still within the budget.
    expect(memory.evictions).toBeGreaterThan(0);
    expect(reads()).toBeGreaterThan(before);
    expect(memory.bytes).toBeLessThanOrEqual(memory.budgetBytes);
    expect(memory.count).toBeLessThanOrEqual(2);
  });

  it('never lets go a shard a call in flight reads', async () => {
    const largest = await largestShard(3);
    const memory = new ShardMemory({ budgetBytes: Math.ceil(1.5 * largest) });
    const { rows, shards } = await harvested(3, memory);
    const reference = await harvested(3, new ShardMemory({ budgetBytes: Number.MAX_SAFE_INTEGER }));
    const [first, second, third] = shards as [CatalogueShard, CatalogueShard, CatalogueShard];
    // The first shard's walk reads its records, and waits on its document pages meanwhile.
    const letGo = rows[0]!.holdDocuments();
    const walk = { connectors, after: -1, count: 20, records: true };
    const walking = first.walk(walk);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(first.indexBytes).toBeGreaterThan(0);
    // The other two load meanwhile, over the budget, yet the first is not let go while its walk runs.
    await second.warm({ connectors });
    await third.warm({ connectors });
    expect(first.indexBytes).toBeGreaterThan(0);
    // Room for one and a half: each of them was let go in turn as its own call ended, the first kept.
    expect([second.indexBytes, third.indexBytes]).toEqual([0, 0]);
    letGo();
    // The same page as a shard that keeps everything (its harvests' ids are its own).
    const { served: _mine, ...page } = await walking;
    const { served: _theirs, ...expected } = await reference.shards[0]!.walk(walk);
    expect(page).toEqual(expected);
    // Done, it is the least recently used: the next shard to load lets it go.
    expect(first.indexBytes).toBeGreaterThan(0);
    await second.warm({ connectors });
    expect(second.indexBytes).toBeGreaterThan(0);
    expect(first.indexBytes).toBe(0);
    expect(await first.heldBytes()).toBe(0);
    expect(memory.bytes).toBeLessThanOrEqual(memory.budgetBytes);
  });
});
