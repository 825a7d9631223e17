import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('CORS_ORIGINS', () => {
  it('is any origin by default, or a list of origins', () => {
    expect(loadConfig({}).CORS_ORIGINS).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: '*' }).CORS_ORIGINS).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example, http://127.0.0.1:3000' }).CORS_ORIGINS).toEqual([
      'https://portal.example',
      'http://127.0.0.1:3000',
    ]);
  });

  it.each(['portal.example', 'https://portal.example/', 'https://portal.example/path', 'ftp://portal.example', 'null', ',', 'https://PORTAL.example'])(
    'refuses %s, saying why',
    (value) => {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
    },
  );
});

describe('operations settings', () => {
  it('reads the Redis topologies, deadlines, shutdown and OpenTelemetry variables', () => {
    const config = loadConfig({
      REDIS_SENTINELS: 's1:26379,10.0.0.2:26380',
      REDIS_SENTINEL_NAME: 'ovop',
      REDIS_CLUSTER_NODES: 'n1:6379,n2:6379,n3:6379',
      STORE_TIMEOUT_MS: '250',
      SHUTDOWN_TIMEOUT_MS: '30000',
      SHUTDOWN_GRACE_MS: '0',
      METRICS_TOKEN: 'metrics-token-0123456789',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.05',
    });
    expect(config).toMatchObject({ REDIS_SENTINEL_NAME: 'ovop', STORE_TIMEOUT_MS: 250, SHUTDOWN_GRACE_MS: 0, OTEL_TRACES_SAMPLER_ARG: 0.05 });
    expect(loadConfig({})).toMatchObject({
      STORE_TIMEOUT_MS: 500,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      OTEL_SERVICE_NAME: 'ovop-federation-gateway',
    });
  });

  it('refuses malformed values, naming each', () => {
    const bad = {
      REDIS_CLUSTER_NODES: 'n1,n2',
      REDIS_SENTINELS: 'host:port',
      METRICS_TOKEN: 'short',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '2',
      STORE_TIMEOUT_MS: '0',
    };
    expect(() => loadConfig(bad)).toThrow(/REDIS_CLUSTER_NODES[\s\S]*REDIS_SENTINELS|REDIS_SENTINELS[\s\S]*REDIS_CLUSTER_NODES/);
    for (const name of Object.keys(bad)) expect(() => loadConfig(bad)).toThrow(new RegExp(name));
  });
});

describe('PUBLIC_URL and SECRETS_KEY', () => {
  it('takes an http(s) origin, dropping a trailing slash', () => {
    expect(loadConfig({}).PUBLIC_URL).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://ovop.apec.example/' }).PUBLIC_URL).toBe('https://ovop.apec.example');
    expect(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:8787' }).PUBLIC_URL).toBe('http://127.0.0.1:8787');
  });

  it.each(['ovop.apec.example', 'https://ovop.apec.example/path', 'ftp://ovop.apec.example', 'https://user@ovop.apec.example', 'https://OVOP.example'])(
    'refuses PUBLIC_URL %s',
    (value) => {
      expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL/);
    },
  );

  it('takes a 32-byte base64 SECRETS_KEY and refuses anything else', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ SECRETS_KEY: key }).SECRETS_KEY).toBe(key);
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), Buffer.alloc(48).toString('base64')]) {
      expect(() => loadConfig({ SECRETS_KEY: bad })).toThrow(/SECRETS_KEY/);
    }
  });
});

describe('the change feed settings', () => {
  it('default to a week of retention, a fifth of a catalogue and thirty days of notice', () => {
    expect(loadConfig({})).toMatchObject({ CHANGES_RETENTION_SECONDS: 604_800, CHANGES_MAX_REMOVAL_RATIO: 0.2, CERT_EXPIRY_NOTICE_DAYS: 30 });
    expect(loadConfig({ CHANGES_RETENTION_SECONDS: '3600', CHANGES_MAX_REMOVAL_RATIO: '0.5', CERT_EXPIRY_NOTICE_DAYS: '7' })).toMatchObject({
      CHANGES_RETENTION_SECONDS: 3600,
      CHANGES_MAX_REMOVAL_RATIO: 0.5,
      CERT_EXPIRY_NOTICE_DAYS: 7,
    });
  });

  it.each([
    ['CHANGES_RETENTION_SECONDS', '10'],
    ['CHANGES_RETENTION_SECONDS', '1.5'],
    ['CHANGES_MAX_REMOVAL_RATIO', '1.5'],
    ['CHANGES_MAX_REMOVAL_RATIO', '-0.1'],
    ['CERT_EXPIRY_NOTICE_DAYS', 'thirty'],
    ['CERT_EXPIRY_NOTICE_DAYS', '400'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});

describe('the webhook settings', () => {
  it('default to the contract schedule, a 15 s deadline and 100 deliveries a second per subscription', () => {
    expect(loadConfig({})).toMatchObject({
      WEBHOOK_RETRY_SCHEDULE: [5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
      WEBHOOK_TIMEOUT_MS: 15_000,
      WEBHOOK_MAX_RATE: 100,
    });
    expect(loadConfig({ WEBHOOK_RETRY_SCHEDULE: '1s, 2m', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_MAX_RATE: '20' })).toMatchObject({
      WEBHOOK_RETRY_SCHEDULE: [1000, 120_000],
      WEBHOOK_TIMEOUT_MS: 2000,
      WEBHOOK_MAX_RATE: 20,
    });
  });

  it.each([
    ['WEBHOOK_RETRY_SCHEDULE', '5s,soon'],
    ['WEBHOOK_RETRY_SCHEDULE', '8d'],
    ['WEBHOOK_TIMEOUT_MS', '10'],
    ['WEBHOOK_TIMEOUT_MS', 'fast'],
    ['WEBHOOK_MAX_RATE', '0'],
    ['WEBHOOK_MAX_RATE', 'many'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: .*`));
  });

  it('names the bad delay of a schedule', () => {
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '5s,soon' })).toThrow(/"soon" is not a delay like 5s/);
  });
});
