/** Reads a bundled sample file by its path below `connectors/` (e.g. `my/sample/katalog.xml`). */
export type SampleReader = (path: string) => Promise<Uint8Array<ArrayBuffer>>;

/** The sample catalogue files each national server publishes. */
export const SAMPLE_FILES = {
  jp: 'jp/sample/ovop-oita.csv',
  id: 'id/sample/produk.json',
  my: 'my/sample/katalog.xml',
  vn: 'vn/sample/san-pham.json',
} as const;
