/** Reads a bundled sample file by its path below `connectors/` (e.g. `my/sample/katalog.xml`). */
export type SampleReader = (path: string) => Promise<Uint8Array<ArrayBuffer>>;

/** The sample catalogue files each national server publishes. */
export const SAMPLE_FILES = {
  jp: 'jp/sample/ovop-oita.csv',
  id: 'id/sample/produk.json',
  my: 'my/sample/katalog.xml',
  vn: 'vn/sample/san-pham.json',
} as const;

/** A sample JSON file's list under `key`, read once; a failed read is tried again next time. */
export function sampleList(read: SampleReader, path: string, key: string): () => Promise<unknown[]> {
  let list: Promise<unknown[]> | undefined;
  return () =>
    (list ??= read(path)
      .then((bytes) => (JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown[]>)[key] ?? [])
      .catch((error) => ((list = undefined), Promise.reject(error))));
}
