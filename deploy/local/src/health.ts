// Health checks over each part's own protocol: a part is healthy only when it answers a real request.
import net from 'node:net';
import { MongoClient } from 'mongodb';

/**
 * Kafka answers a Metadata request (v4, all topics) listing at least one broker. Spoken over plain TCP so
 * that the infrastructure tooling needs no Kafka client: kafkajs stays behind the kit's bus.
 */
export async function kafkaHealthy(brokers: string[], timeoutMs = 3000): Promise<boolean> {
  for (const broker of brokers) {
    if (await kafkaBrokerAnswers(broker, timeoutMs)) return true;
  }
  return false;
}

const METADATA_API_KEY = 3;
const METADATA_VERSION = 4; // served by Kafka 1.0 up to 4.x
const CORRELATION_ID = 7;

function metadataRequest(): Buffer {
  const clientId = Buffer.from('wage-infra-health');
  // Request header v1 (api key, api version, correlation id, client id), then the v4 body: topics null
  // (every topic) and allow_auto_topic_creation false.
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let o = body.writeInt16BE(METADATA_API_KEY, 0);
  o = body.writeInt16BE(METADATA_VERSION, o);
  o = body.writeInt32BE(CORRELATION_ID, o);
  o = body.writeInt16BE(clientId.length, o);
  o += clientId.copy(body, o);
  o = body.writeInt32BE(-1, o);
  body.writeInt8(0, o);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function kafkaBrokerAnswers(broker: string, timeoutMs: number): Promise<boolean> {
  const colon = broker.lastIndexOf(':');
  const host = broker.slice(0, colon);
  const port = Number(broker.slice(colon + 1));
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(metadataRequest()));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      // Response: size, correlation id, throttle time, then the brokers array's length.
      if (received.length < 16) return;
      done(received.readInt32BE(4) === CORRELATION_ID && received.readInt32BE(12) > 0);
    });
  });
}

/** MongoDB (or mongo-java-server) answers `ping`. */
export async function mongoHealthy(url: string, timeoutMs = 3000): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    const res = await client.db('admin').command({ ping: 1 });
    return res.ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Keycloak serves the OpenID discovery document of realm `wage` (so the realm import finished too). */
export async function keycloakHealthy(url: string, timeoutMs = 3000): Promise<boolean> {
  try {
    const res = await fetch(`${url}/realms/wage/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Redis answers PING (after AUTH when the URL carries a password). Raw RESP keeps this free of a client library. */
export function redisHealthy(url: string, timeoutMs = 2000): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  const port = Number(parsed.port || 6379);
  const host = parsed.hostname || '127.0.0.1';
  const password = decodeURIComponent(parsed.password);
  const user = decodeURIComponent(parsed.username);
  const command = (...args: string[]) =>
    `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let buffer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      const auth = password ? (user ? command('AUTH', user, password) : command('AUTH', password)) : '';
      socket.write(auth + command('PING'));
    });
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      if (buffer.includes('+PONG')) done(true);
      else if (buffer.startsWith('-') || buffer.includes('\r\n-')) done(false);
    });
  });
}
