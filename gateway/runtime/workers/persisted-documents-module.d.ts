/**
 * The trusted documents bundled into the Worker at build time: wrangler's alias maps this specifier
 * to a JSON file (wrangler.toml: gateway/runtime/workers/no-persisted-documents.json, `{}`; a
 * deployment points it at its own file, docs/deploy-workers.md). Its parsed JSON, checked at start.
 */
declare module 'ovop-persisted-documents' {
  const documents: unknown;
  export default documents;
}
