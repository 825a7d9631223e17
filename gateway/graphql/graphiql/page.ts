import type { GraphiQLOptions } from 'graphql-yoga';
import type { GraphiqlAsset, GraphiqlAssets } from './assets';

/** Where GraphiQL's assets are served: the version in the path changes with them. */
export function graphiqlPrefix(assets: GraphiqlAssets): string {
  return `/graphiql/${assets.version}/`;
}

/** One of GraphiQL's assets by file name, or undefined for an unknown name or an old version. */
export function graphiqlAsset(assets: GraphiqlAssets, version: string, name: string): GraphiqlAsset | undefined {
  return version === assets.version ? assets.asset(name) : undefined;
}

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The GraphiQL page (yoga's `renderGraphiQL`): a small HTML document whose script, styles and
 * workers are served by the gateway itself under {@link graphiqlPrefix}.
 */
export function renderGraphiQL(options: GraphiQLOptions, assets: GraphiqlAssets): string {
  const prefix = graphiqlPrefix(assets);
  const title = (options.title ?? 'GraphiQL').replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const workers = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${prefix}graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run GraphiQL.</noscript>
<div id="root"></div>
<script>
const workers = ${scriptJson(workers)};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_, label) => ${scriptJson(prefix)} + workers[label] };
</script>
<script src="${prefix}graphiql.js"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.querySelector('#root'), ${scriptJson(options)});</script>
</body>
</html>`;
}
