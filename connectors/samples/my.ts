import { Hono } from 'hono';
import { SAMPLE_FILES, type SampleReader } from './samples';
import { MY_FEED_PATH } from '../my/index';

/** Malaysia's national server as the sample publishes it: the whole feed as one XML document. */
export function myUpstream(read: SampleReader): Hono {
  return new Hono().get(MY_FEED_PATH, async (c) => c.body(await read(SAMPLE_FILES.my), 200, { 'content-type': 'application/xml; charset=utf-8' }));
}
