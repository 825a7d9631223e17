/**
 * The catalogue's shards as a Worker of their own (bench/wrangler.catalogue-shards.toml): the
 * gateway's Worker binds their class by `script_name`, so that in `wrangler dev` the shards run in
 * an isolate apart from the gateway's (all objects of one script share an isolate there) and each
 * is measured on its own. It answers no request itself.
 */
export { CatalogueShardObject } from './catalogue-shard-object';

export default {
  fetch(): Response {
    return new Response('the catalogue shards answer over RPC only', { status: 404 });
  },
};
