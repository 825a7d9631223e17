import { css, editorWorkerService, graphqlWorker, js, jsonWorker } from '@graphql-yoga/render-graphiql/graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL's script, styles and editor workers, from the project's own dependencies
 * (`@graphql-yoga/render-graphiql`): the page works with no internet and asks no other host.
 * The version in the path changes with the assets, so they may be cached for a year.
 */
const VERSION = `${js.length.toString(36)}${css.length.toString(36)}`;
export const GRAPHIQL_ASSET_PREFIX = `/graphiql/${VERSION}/`;

const SCRIPT = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, { body: string; contentType: string }> = {
  'graphiql.js': { body: js, contentType: SCRIPT },
  'graphiql.css': { body: css, contentType: 'text/css; charset=utf-8' },
  'editor.worker.js': { body: editorWorkerService, contentType: SCRIPT },
  'json.worker.js': { body: jsonWorker, contentType: SCRIPT },
  'graphql.worker.js': { body: graphqlWorker, contentType: SCRIPT },
};

/** One of GraphiQL's assets by file name, or undefined for an unknown name or an old version. */
export function graphiqlAsset(version: string, name: string): { body: string; contentType: string } | undefined {
  return version === VERSION && Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
}

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The GraphiQL page (yoga's `renderGraphiQL`): a small HTML document whose script, styles and
 * workers are served by the gateway itself under {@link GRAPHIQL_ASSET_PREFIX}.
 */
export function renderGraphiQL(options: GraphiQLOptions): string {
  const title = (options.title ?? 'GraphiQL').replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const workers = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PREFIX}graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run GraphiQL.</noscript>
<div id="root"></div>
<script>
const workers = ${scriptJson(workers)};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_, label) => ${scriptJson(GRAPHIQL_ASSET_PREFIX)} + workers[label] };
</script>
<script src="${GRAPHIQL_ASSET_PREFIX}graphiql.js"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});</script>
</body>
</html>`;
}
