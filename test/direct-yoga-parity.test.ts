import { afterAll, describe, expect, it, vi } from 'vitest';
import { pluginName } from '../gateway/graphql/endpoint/yoga';
import { HONOURED_PLUGINS } from '../gateway/graphql/direct/yoga-parity';
import { startGateway } from './helpers/gateway';

/**
 * The direct path answers as yoga does only for the yoga plugins it knows of: each one changes
 * answers (limits, errors, caching, tracing), and the direct path mirrors each by hand. This suite
 * watches the plugins yoga is actually given, in a real gateway, against the list the direct path
 * honours (HONOURED_PLUGINS): a plugin added, removed, renamed or moved fails it until the direct
 * path says how it honours the change.
 */

const given = vi.hoisted(() => [] as unknown[][]);

vi.mock('graphql-yoga', async (importOriginal) => {
  const yoga = await importOriginal<typeof import('graphql-yoga')>();
  return {
    ...yoga,
    createYoga: ((options: Parameters<typeof yoga.createYoga>[0]) => {
      given.push([...(options.plugins ?? [])]);
      return yoga.createYoga(options);
    }) as typeof yoga.createYoga,
  };
});

const closing: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closing) await close();
});

/** The names of the plugins a real gateway gives yoga (`(unnamed #i)` for one given without a name). */
async function pluginsOf(env: Record<string, string>): Promise<string[]> {
  const before = given.length;
  const server = await startGateway(env);
  closing.push(() => server.close());
  expect(given.length).toBe(before + 1);
  return given.at(-1)!.map((plugin, i) => (typeof plugin === 'object' && plugin !== null ? pluginName(plugin) : undefined) ?? `(unnamed #${i})`);
}

describe('the yoga plugins the direct path honours', () => {
  it('are exactly the plugins yoga is given, in its order', async () => {
    expect(await pluginsOf({})).toEqual(Object.keys(HONOURED_PLUGINS));
  });
});
