import { Hono } from 'hono';
import { SAMPLE_FILES, type SampleReader } from './samples';
import { JP_EXPORT_PATH } from '../jp/index';

/** Oita's OVOP export as the prefecture publishes it: one Shift_JIS CSV file. */
export function jpUpstream(read: SampleReader): Hono {
  return new Hono().get(JP_EXPORT_PATH, async (c) => c.body(await read(SAMPLE_FILES.jp), 200, { 'content-type': 'text/csv; charset=Shift_JIS' }));
}
