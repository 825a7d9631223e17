import type { ShardClient } from '../../federation/shards/sharded-catalogue';

/** The part of a Durable Object namespace binding (wrangler.toml's CATALOGUE_SHARDS) the shards' clients use. */
export interface ShardNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): ShardClient;
}

/**
 * A client per shard, `shard-0` to `shard-<count - 1>`, each call over JS RPC to its Durable
 * Object (`CatalogueShardObject`). A stub per call: stubs are cheap, and the gateway (built once
 * per isolate) then holds none across requests.
 */
export function shardClients(namespace: ShardNamespace, count: number): ShardClient[] {
  return Array.from({ length: count }, (_, n) => {
    const stub = () => namespace.get(namespace.idFromName(`shard-${n}`));
    return {
      stage: (request) => stub().stage(request),
      finish: (request) => stub().finish(request),
      ids: (request) => stub().ids(request),
      rank: (request) => stub().rank(request),
      activate: (request) => stub().activate(request),
      remove: (connector) => stub().remove(connector),
      rewind: (request) => stub().rewind!(request),
      abandon: (request) => stub().abandon!(request),
      warm: (request) => stub().warm(request),
      statistics: (request) => stub().statistics(request),
      search: (request) => stub().search(request),
      documents: (request) => stub().documents(request),
      walk: (request) => stub().walk(request),
      gtin: (request) => stub().gtin(request),
      admitGtins: (request) => stub().admitGtins!(request),
      takeGtinNotices: (connector) => stub().takeGtinNotices!(connector),
    } satisfies ShardClient;
  });
}
