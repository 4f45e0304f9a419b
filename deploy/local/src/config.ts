// Versions, ports and rendered config files. Everything here is pure so it can be unit-tested.

export type Profile = 'dev' | 'test';
export type Part = 'kafka' | 'mongo' | 'keycloak' | 'redis';
/** Parts that run as processes started by this package (Redis is the machine's own). */
export type ProcessPart = Exclude<Part, 'redis'>;

export const ALL_PARTS: readonly Part[] = ['kafka', 'mongo', 'keycloak', 'redis'];
export const PROCESS_PARTS: readonly ProcessPart[] = ['kafka', 'mongo', 'keycloak'];

export const VERSIONS = {
  kafka: '4.1.1',
  // Kafka 4 logs through slf4j 1.7 to log4j 2, whose core it brings; this is the matching binding.
  log4jSlf4j: '2.24.3',
  mongoJavaServer: '1.47.0',
  slf4jSimple: '2.0.17',
  keycloak: '26.7.3',
  mavenDependencyPlugin: '3.8.1',
} as const;

/** Images for the testcontainers path (same major lines as the local processes). */
export const IMAGES = {
  kafka: 'confluentinc/cp-kafka:8.1.0', // Confluent 8.1 = Apache Kafka 4.1
  mongo: 'mongo:7.0',
  keycloak: `quay.io/keycloak/keycloak:${VERSIONS.keycloak}`,
} as const;

export interface Ports {
  kafka: number;
  kafkaController: number;
  mongo: number;
  keycloak: number;
  keycloakManagement: number;
}

const DEFAULT_PORTS: Record<Profile, Ports> = {
  dev: { kafka: 9092, kafkaController: 9093, mongo: 27017, keycloak: 8180, keycloakManagement: 9180 },
  test: { kafka: 19092, kafkaController: 19093, mongo: 27018, keycloak: 18180, keycloakManagement: 19180 },
};

export function isProfile(value: string): value is Profile {
  return value === 'dev' || value === 'test';
}

function envPort(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port`);
  }
  return port;
}

/**
 * Ports of a profile. KAFKA_PORT, MONGO_PORT and KEYCLOAK_PORT override the defaults; the companion ports
 * (Kafka controller, Keycloak management) follow the overridden port (+1, +1000) unless set themselves.
 */
export function resolvePorts(profile: Profile, env: NodeJS.ProcessEnv = process.env): Ports {
  const d = DEFAULT_PORTS[profile];
  const kafka = envPort(env, 'KAFKA_PORT');
  const keycloak = envPort(env, 'KEYCLOAK_PORT');
  return {
    kafka: kafka ?? d.kafka,
    kafkaController:
      envPort(env, 'KAFKA_CONTROLLER_PORT') ?? (kafka !== undefined ? kafka + 1 : d.kafkaController),
    mongo: envPort(env, 'MONGO_PORT') ?? d.mongo,
    keycloak: keycloak ?? d.keycloak,
    keycloakManagement:
      envPort(env, 'KEYCLOAK_MANAGEMENT_PORT') ??
      (keycloak !== undefined ? keycloak + 1000 : d.keycloakManagement),
  };
}

/** Endpoints of the local processes for the given ports. */
export function localUrls(profile: Profile, ports: Ports) {
  return {
    kafkaBrokers: [`127.0.0.1:${ports.kafka}`],
    // mongo-java-server is a standalone server: a direct connection skips replica-set discovery.
    mongoUrl: `mongodb://127.0.0.1:${ports.mongo}/?directConnection=true`,
    keycloakUrl: `http://127.0.0.1:${ports.keycloak}`,
    // Separate logical databases keep the dev profile's rate-limit keys apart from the tests'.
    redisUrl: `redis://127.0.0.1:6379/${profile === 'dev' ? 0 : 1}`,
  };
}

/** Kafka cluster ids are 16 random bytes in URL-safe base64 without padding (22 characters). */
export function isKafkaClusterId(id: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(id);
}

export function renderKafkaServerProperties(opts: {
  port: number;
  controllerPort: number;
  dataDir: string;
}): string {
  const lines: Array<[string, string | number]> = [
    // Single node in KRaft combined mode: this process is both the broker and the only controller.
    ['process.roles', 'broker,controller'],
    ['node.id', 1],
    ['controller.quorum.voters', `1@127.0.0.1:${opts.controllerPort}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['listeners', `PLAINTEXT://127.0.0.1:${opts.port},CONTROLLER://127.0.0.1:${opts.controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://127.0.0.1:${opts.port}`],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT'],
    ['log.dirs', opts.dataDir],
    // One broker: every internal topic must live with a replication factor and ISR of one.
    ['offsets.topic.replication.factor', 1],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['default.replication.factor', 1],
    ['min.insync.replicas', 1],
    // Fewer internal partitions make the first consumer group and first transaction start fast.
    ['offsets.topic.num.partitions', 10],
    ['transaction.state.log.num.partitions', 10],
    ['num.partitions', 1],
    // Services create their topics; a typo must fail instead of creating a stray topic.
    ['auto.create.topics.enable', 'false'],
    ['group.initial.rebalance.delay.ms', 0],
    ['num.network.threads', 2],
    ['num.io.threads', 4],
    ['log.retention.hours', 168],
  ];
  return [
    '# Generated by @wage/local-infra; edits are overwritten on start.',
    ...lines.map(([k, v]) => `${k}=${v}`),
    '',
  ].join('\n');
}

/** Kafka 4's log4j 2 configuration (properties format). */
export function renderKafkaLog4j(logFile: string): string {
  // Java properties treat backslashes as escapes; forward slashes work on every OS.
  const file = logFile.replace(/\\/g, '/');
  return [
    '# Generated by @wage/local-infra: Kafka logs to a file, never to the console.',
    'rootLogger.level=INFO',
    'rootLogger.appenderRef.file.ref=file',
    'appender.file.type=RollingFile',
    'appender.file.name=file',
    `appender.file.fileName=${file}`,
    `appender.file.filePattern=${file}.%i`,
    'appender.file.layout.type=PatternLayout',
    'appender.file.layout.pattern=[%d] %p %m (%c)%n',
    'appender.file.policies.type=Policies',
    'appender.file.policies.size.type=SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size=20MB',
    'appender.file.strategy.type=DefaultRolloverStrategy',
    'appender.file.strategy.max=2',
    // The controller and state-change loggers are chatty at INFO; warnings still show.
    'logger.controller.name=kafka.controller',
    'logger.controller.level=WARN',
    'logger.stateChange.name=state.change.logger',
    'logger.stateChange.level=WARN',
    '',
  ].join('\n');
}

export interface MavenDependency {
  groupId: string;
  artifactId: string;
  version: string;
}

export const KAFKA_DEPENDENCIES: MavenDependency[] = [
  { groupId: 'org.apache.kafka', artifactId: 'kafka_2.13', version: VERSIONS.kafka },
  { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-slf4j-impl', version: VERSIONS.log4jSlf4j },
];

export const MONGO_DEPENDENCIES: MavenDependency[] = [
  { groupId: 'de.bwaldvogel', artifactId: 'mongo-java-server', version: VERSIONS.mongoJavaServer },
  {
    groupId: 'de.bwaldvogel',
    artifactId: 'mongo-java-server-memory-backend',
    version: VERSIONS.mongoJavaServer,
  },
  { groupId: 'de.bwaldvogel', artifactId: 'mongo-java-server-h2-backend', version: VERSIONS.mongoJavaServer },
  // A binding so the server's warnings reach its log file instead of slf4j's no-op warning.
  { groupId: 'org.slf4j', artifactId: 'slf4j-simple', version: VERSIONS.slf4jSimple },
];

/** A throwaway pom whose only job is to let `dependency:copy-dependencies` resolve a classpath. */
export function renderPom(artifactId: string, deps: MavenDependency[]): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = deps
    .map(
      (d) =>
        `    <dependency><groupId>${escape(d.groupId)}</groupId><artifactId>${escape(d.artifactId)}</artifactId>` +
        `<version>${escape(d.version)}</version></dependency>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.wage.infra</groupId>
  <artifactId>${escape(artifactId)}</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
${body}
  </dependencies>
</project>
`;
}
