import idSample from '../../../connectors/id/sample/produk.json';
import jpSample from '../../../connectors/jp/sample/ovop-oita.csv';
import mySample from '../../../connectors/my/sample/katalog.xml';
import vnSample from '../../../connectors/vn/sample/san-pham.json';
import { SAMPLE_FILES, type SampleReader } from '../../../connectors/samples/samples';

const encoder = new TextEncoder();

/** The sample catalogues bundled into the Worker, read as a national server would send them. */
const FILES: Record<string, () => Uint8Array<ArrayBuffer>> = {
  [SAMPLE_FILES.jp]: () => new Uint8Array(jpSample),
  [SAMPLE_FILES.my]: () => new Uint8Array(mySample),
  [SAMPLE_FILES.id]: () => encoder.encode(JSON.stringify(idSample)),
  [SAMPLE_FILES.vn]: () => encoder.encode(JSON.stringify(vnSample)),
};

/** Reads a bundled sample (the Shift_JIS CSV and the XML as raw bytes, the JSON as sent). */
export const readBundledSample: SampleReader = async (path) => {
  const file = FILES[path];
  if (!file) throw new Error(`no bundled sample ${path}`);
  return file();
};
