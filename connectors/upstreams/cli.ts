import { serve } from '@hono/node-server';
import { parseArgs } from 'node:util';
import { createUpstreamsApp } from './app';
import { readSampleFromDisk } from './node';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8790' }, host: { type: 'string', default: '127.0.0.1' } } });
const app = createUpstreamsApp(readSampleFromDisk);
serve({ fetch: app.fetch, port: Number(values.port), hostname: values.host }, (info) => {
  console.log(`national catalogue servers on http://${values.host}:${info.port}/{jp,id,my,vn}/...`);
});
