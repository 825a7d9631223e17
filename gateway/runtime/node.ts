import { serve } from '@hono/node-server';
import { createGateway } from '../gateway';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { readSampleFromDisk } from '../../connectors/upstreams/node';

/** Node entry: `npm start`. Reads the environment, builds the gateway, serves it. */
const config = loadConfig(process.env);
const log = createLogger(config.LOG_LEVEL);
const gateway = createGateway({ config, log, readSample: readSampleFromDisk });
serve({ fetch: gateway.app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  log('info', 'gateway listening', { url: `http://${config.HOST}:${info.port}/graphql`, catalogues: config.CATALOGUE_SOURCE });
  void gateway.federation.index();
  void gateway.rates.refresh();
});
