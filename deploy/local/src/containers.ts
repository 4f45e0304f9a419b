// The testcontainers path, used when a container engine answers. Kept apart so the local-process path never
// loads it; containers are started with reuse so every process of a profile shares them, like the local ones.
import type { GenericContainer } from 'testcontainers';
import { IMAGES, type Profile, type ProcessPart } from './config';
import { realmFile } from './paths';

const PROFILE_LABEL = 'org.wage.infra.profile';
const PART_LABEL = 'org.wage.infra.part';

let runtimeProbe: Promise<boolean> | undefined;

/** Whether testcontainers finds a working engine. The Docker CLI alone does not count; probed once per process. */
export function containerRuntimeAvailable(timeoutMs = 10_000): Promise<boolean> {
  runtimeProbe ??= (async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('container runtime probe timed out')), timeoutMs);
      });
      await Promise.race([getContainerRuntimeClient(), timeout]);
      return true;
    } catch {
      return false;
    } finally {
      if (timer) clearTimeout(timer);
    }
  })();
  return runtimeProbe;
}

function labelled<T extends GenericContainer>(container: T, profile: Profile, part: ProcessPart): T {
  return container.withLabels({ [PROFILE_LABEL]: profile, [PART_LABEL]: part }).withReuse();
}

/** Starts (or reuses) the container of a part and returns its endpoint in the form InfraEndpoints uses. */
export async function startContainer(part: ProcessPart, profile: Profile): Promise<string> {
  switch (part) {
    case 'kafka': {
      const { KafkaContainer } = await import('@testcontainers/kafka');
      const kafka = labelled(new KafkaContainer(IMAGES.kafka).withKraft(), profile, part).withEnvironment({
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      });
      const started = await kafka.start();
      // KafkaContainer advertises its host listener on container port 9093.
      return `${started.getHost()}:${started.getMappedPort(9093)}`;
    }
    case 'mongo': {
      // A real single-node replica set (MongoDBContainer initiates rs0).
      const { MongoDBContainer } = await import('@testcontainers/mongodb');
      const started = await labelled(new MongoDBContainer(IMAGES.mongo), profile, part).start();
      return `${started.getConnectionString()}/?directConnection=true`;
    }
    case 'keycloak': {
      const { GenericContainer, Wait } = await import('testcontainers');
      const keycloak = labelled(new GenericContainer(IMAGES.keycloak), profile, part)
        .withEnvironment({ KC_BOOTSTRAP_ADMIN_USERNAME: 'admin', KC_BOOTSTRAP_ADMIN_PASSWORD: 'admin' })
        .withCopyFilesToContainer([
          { source: realmFile(), target: '/opt/keycloak/data/import/realm-wage.json' },
        ])
        .withCommand(['start-dev', '--import-realm'])
        .withExposedPorts(8080)
        .withWaitStrategy(
          Wait.forHttp('/realms/wage/.well-known/openid-configuration', 8080).forStatusCode(200),
        )
        .withStartupTimeout(240_000);
      const started = await keycloak.start();
      return `http://${started.getHost()}:${started.getMappedPort(8080)}`;
    }
  }
}

/** Stops and removes the reusable containers of a profile (found by label). */
export async function stopContainers(profile: Profile, log?: (line: string) => void): Promise<void> {
  if (!(await containerRuntimeAvailable())) return;
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  const mine = (await client.container.list()).filter((c) => c.Labels[PROFILE_LABEL] === profile);
  await Promise.all(
    mine.map(async (info) => {
      const container = client.container.getById(info.Id);
      await client.container.stop(container, { timeout: 20 });
      await client.container.remove(container, { removeVolumes: true });
      log?.(`removed container ${info.Labels[PART_LABEL] ?? info.Id}`);
    }),
  );
}
