import { describe, expect, it } from 'vitest';
import { Federation } from './federation';

describe('Federation.warmIndex', () => {
  it('keeps its background check alive past the request (Workers: waitUntil), so that no later request waits on a check a finished request dropped', async () => {
    const kept: Promise<unknown>[] = [];
    const federation = new Federation({ connectors: [], transportFor: () => ({}) as never, background: (work) => void kept.push(work) });
    federation.warmIndex();
    expect(kept).toHaveLength(1);
    // At most one a second.
    federation.warmIndex();
    expect(kept).toHaveLength(1);
    await Promise.all(kept);
  });
});
