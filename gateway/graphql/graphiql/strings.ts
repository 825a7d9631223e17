import { css, editorWorkerService, graphqlWorker, js, jsonWorker } from '@graphql-yoga/render-graphiql/graphiql';
import { stringGraphiqlAssets } from './assets';

/**
 * GraphiQL's assets as `@graphql-yoga/render-graphiql` exports them, strings held in the heap
 * (Node): the page works with no internet and asks no other host.
 */
export const packagedGraphiql = stringGraphiqlAssets({ js, css, editorWorkerService, jsonWorker, graphqlWorker });
