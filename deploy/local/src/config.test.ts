import {
  KAFKA_DEPENDENCIES,
  isKafkaClusterId,
  localUrls,
  renderKafkaLog4j,
  renderKafkaServerProperties,
  renderPom,
  resolvePorts,
} from './config';

function parseProperties(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.includes('=')) continue;
    const i = line.indexOf('=');
    map.set(line.slice(0, i), line.slice(i + 1));
  }
  return map;
}

describe('resolvePorts', () => {
  it('gives dev and test profiles disjoint default ports', () => {
    const dev = resolvePorts('dev', {});
    const test = resolvePorts('test', {});
    expect(dev).toEqual({
      kafka: 9092,
      kafkaController: 9093,
      mongo: 27017,
      keycloak: 8180,
      keycloakManagement: 9180,
    });
    expect(test).toEqual({
      kafka: 19092,
      kafkaController: 19093,
      mongo: 27018,
      keycloak: 18180,
      keycloakManagement: 19180,
    });
    const devPorts = new Set(Object.values(dev));
    expect(Object.values(test).some((p) => devPorts.has(p))).toBe(false);
  });

  it('lets env override ports and moves the companion ports along', () => {
    const ports = resolvePorts('test', { KAFKA_PORT: '29092', MONGO_PORT: '29017', KEYCLOAK_PORT: '28180' });
    expect(ports).toEqual({
      kafka: 29092,
      kafkaController: 29093,
      mongo: 29017,
      keycloak: 28180,
      keycloakManagement: 29180,
    });
    expect(resolvePorts('dev', { KAFKA_PORT: '29092', KAFKA_CONTROLLER_PORT: '29999' }).kafkaController).toBe(
      29999,
    );
  });

  it('ignores empty values and rejects garbage', () => {
    expect(resolvePorts('dev', { KAFKA_PORT: '' }).kafka).toBe(9092);
    expect(() => resolvePorts('dev', { MONGO_PORT: 'abc' })).toThrow(/MONGO_PORT=abc/);
    expect(() => resolvePorts('dev', { KEYCLOAK_PORT: '70000' })).toThrow(/KEYCLOAK_PORT/);
  });
});

describe('localUrls', () => {
  it('points every part at 127.0.0.1 and keeps Redis databases of the profiles apart', () => {
    const dev = localUrls('dev', resolvePorts('dev', {}));
    const test = localUrls('test', resolvePorts('test', {}));
    expect(dev.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(test.mongoUrl).toBe('mongodb://127.0.0.1:27018/?directConnection=true');
    expect(test.keycloakUrl).toBe('http://127.0.0.1:18180');
    expect(dev.redisUrl).not.toBe(test.redisUrl);
  });
});

describe('renderKafkaServerProperties', () => {
  const props = parseProperties(
    renderKafkaServerProperties({ port: 19092, controllerPort: 19093, dataDir: '/x/data' }),
  );

  it('renders a single-node KRaft combined broker on 127.0.0.1', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('controller.quorum.voters')).toBe(`${props.get('node.id')}@127.0.0.1:19093`);
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(props.get('controller.listener.names')).toBe('CONTROLLER');
    expect(props.get('log.dirs')).toBe('/x/data');
  });

  it('sizes internal topics for one broker and leaves topic creation to the services', () => {
    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.min.isr')).toBe('1');
    expect(props.get('auto.create.topics.enable')).toBe('false');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
  });
});

describe('renderKafkaLog4j', () => {
  it('sends everything to the given file and nothing to the console', () => {
    const text = renderKafkaLog4j('C:\\logs\\kafka.log');
    const props = parseProperties(text);
    expect(props.get('rootLogger.level')).toBe('INFO');
    expect(props.get('rootLogger.appenderRef.file.ref')).toBe('file');
    expect(props.get('appender.file.fileName')).toBe('C:/logs/kafka.log');
    expect([...props.keys()].filter((k) => k.startsWith('rootLogger.appenderRef.'))).toEqual([
      'rootLogger.appenderRef.file.ref',
    ]);
    expect(text).not.toMatch(/Console/);
  });
});

describe('renderPom', () => {
  it('lists every dependency with its coordinates', () => {
    const pom = renderPom('kafka-libs', KAFKA_DEPENDENCIES);
    expect(pom).toContain('<artifactId>kafka-libs</artifactId>');
    expect(pom).toMatch(
      /<groupId>org\.apache\.kafka<\/groupId><artifactId>kafka_2\.13<\/artifactId><version>4\.\d+\.\d+<\/version>/,
    );
    expect(pom).toContain('<artifactId>log4j-slf4j-impl</artifactId>');
  });
});

describe('isKafkaClusterId', () => {
  it('accepts 22-character URL-safe base64 only', () => {
    expect(isKafkaClusterId('mZ4mVGZdMoIBK4noWP58pw')).toBe(true);
    expect(isKafkaClusterId('too-short')).toBe(false);
    expect(isKafkaClusterId('mZ4mVGZdMoIBK4noWP58p+')).toBe(false);
  });
});
