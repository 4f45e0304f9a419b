import { ConfigError, loadConfig, serviceEnv } from './config';

const good = {
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  MONGO_URL: 'mongodb://127.0.0.1:27017/intake',
  KEYCLOAK_URL: 'http://127.0.0.1:8180',
  GRPC_PORT: '50051',
  OPS_PORT: '9461',
};

describe('service configuration', () => {
  it('parses broker lists and ports from the environment', () => {
    const cfg = loadConfig(serviceEnv, good);
    expect(cfg.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(cfg.GRPC_PORT).toBe(50051);
    expect(cfg.TOKEN_AUDIENCE).toBe('wage-services');
  });

  it('fails fast naming every bad variable', () => {
    const bad = { ...good, MONGO_URL: 'postgres://x', GRPC_PORT: '99999' } as Record<string, string>;
    delete bad.KAFKA_BROKERS;
    try {
      loadConfig(serviceEnv, bad);
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const fields = (e as ConfigError).issues.map((i) => i.split(':')[0]);
      expect(fields).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'MONGO_URL', 'GRPC_PORT']));
    }
  });
});
