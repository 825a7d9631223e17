import graphiqlModule from '@graphql-yoga/render-graphiql/graphiql?bytes';
import { moduleGraphiqlAssets } from '../../graphql/graphiql/assets';

/**
 * GraphiQL's assets on Workers: the package's module bundled as a Data module (wrangler.toml's
 * `?bytes` rule), an ArrayBuffer outside the isolate's JS heap, each file unescaped into bytes when
 * it is asked for. As strings, module source and literals, they held some 30 MB of a 128 MB isolate.
 */
export const bundledGraphiql = moduleGraphiqlAssets(new Uint8Array(graphiqlModule));
