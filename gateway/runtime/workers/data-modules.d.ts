/** Sample catalogues bundled as Data modules (wrangler.toml [[rules]]): their raw bytes. */
declare module '*.csv' {
  const bytes: ArrayBuffer;
  export default bytes;
}
declare module '*.xml' {
  const bytes: ArrayBuffer;
  export default bytes;
}
/** A module's own bytes (wrangler.toml's `?bytes` rule bundles it as a Data module). */
declare module '*?bytes' {
  const bytes: ArrayBuffer;
  export default bytes;
}
