// Mutual TLS for every gRPC hop (gateway→service, service→service). Each process has one certificate from
// the platform CA (used as server and as client certificate); its common name is the process identity that
// servers read from the peer certificate (e.g. only `gateway` may call the public clue service).
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { credentials, ServerCredentials, type ChannelCredentials } from '@grpc/grpc-js';
import type { AuthContext } from '@grpc/grpc-js/build/src/auth-context';
import forge from 'node-forge';

/** The processes of the platform; each gets a dev certificate whose CN is its name. */
export const PLATFORM_IDENTITIES = [
  'gateway',
  'intake',
  'inspection',
  'mediation',
  'credit',
  'finance',
] as const;
/** The identity whose client certificate marks a call as coming through the gateway. */
export const GATEWAY_IDENTITY = 'gateway';

export interface TlsIdentity {
  /** The CN of this process's certificate. */
  name: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

/** The repository's `.infra/tls` when running from a checkout (dev, tests); undefined in an image. */
function checkoutTlsDir(from = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'turbo.json')) && existsSync(join(dir, 'packages', 'kit')))
      return join(process.env.WAGE_INFRA_DIR ?? join(dir, '.infra'), 'tls');
    if (dirname(dir) === dir) return undefined;
  }
}

function certFor(
  name: string,
  publicKey: forge.pki.PublicKey,
  issuer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | undefined,
  signingKey: forge.pki.rsa.PrivateKey,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 86_400_000);
  const subject = [
    { name: 'commonName', value: name },
    { name: 'organizationName', value: 'wage-platform' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  cert.setExtensions(
    issuer
      ? [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: name },
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ]
      : [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ],
  );
  cert.sign(signingKey, forge.md.sha256.create());
  return cert;
}

function rsaKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { pem, key, pub: forge.pki.setRsaPublicKey(key.n, key.e) };
}

/**
 * A local CA and one certificate per platform process under `dir` (`ca.crt`, `<name>.crt`, `<name>.key`),
 * generated once. Written to a scratch directory and renamed into place, so processes starting at the same
 * time all end with the same complete set.
 */
export function ensureDevPki(dir: string, names: readonly string[] = PLATFORM_IDENTITIES): string {
  if (existsSync(join(dir, 'ca.crt'))) return dir;
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const ca = rsaKey();
    const caCert = certFor('wage-platform-dev-ca', ca.pub, undefined, ca.key);
    writeFileSync(join(tmp, 'ca.crt'), forge.pki.certificateToPem(caCert));
    writeFileSync(join(tmp, 'ca.key'), ca.pem, { mode: 0o600 });
    for (const name of names) {
      const k = rsaKey();
      const cert = certFor(name, k.pub, { cert: caCert, key: ca.key }, ca.key);
      writeFileSync(join(tmp, `${name}.crt`), forge.pki.certificateToPem(cert));
      writeFileSync(join(tmp, `${name}.key`), k.pem, { mode: 0o600 });
    }
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another process won the race: its set is complete and is the one everybody uses.
      if (!existsSync(join(dir, 'ca.crt'))) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

/**
 * This process's TLS identity. Production sets TLS_CA_FILE, TLS_CERT_FILE and TLS_KEY_FILE, or TLS_DIR holding
 * `ca.crt`, `<name>.crt`, `<name>.key` (mounted secrets); in a checkout (dev, tests) the dev PKI under
 * .infra/tls is used, generated on first use.
 */
export function tlsIdentity(name: string, env: NodeJS.ProcessEnv = process.env): TlsIdentity {
  const { TLS_CA_FILE: ca, TLS_CERT_FILE: cert, TLS_KEY_FILE: key } = env;
  if (ca || cert || key) {
    const missing = (['TLS_CA_FILE', 'TLS_CERT_FILE', 'TLS_KEY_FILE'] as const).filter((v) => !env[v]);
    if (missing.length) throw new Error(`mutual TLS needs ${missing.join(', ')} as well`);
    const certPem = readFileSync(cert!);
    return {
      name: new X509Certificate(certPem).subject.match(/CN=([^\n]+)/)?.[1] ?? name,
      ca: readFileSync(ca!),
      cert: certPem,
      key: readFileSync(key!),
    };
  }
  const dir = env.TLS_DIR ?? checkoutTlsDir();
  if (!dir) throw new Error('mutual TLS needs TLS_DIR or TLS_CA_FILE, TLS_CERT_FILE and TLS_KEY_FILE');
  if (!env.TLS_DIR) ensureDevPki(dir);
  return {
    name,
    ca: readFileSync(join(dir, 'ca.crt')),
    cert: readFileSync(join(dir, `${name}.crt`)),
    key: readFileSync(join(dir, `${name}.key`)),
  };
}

/** Server side: TLS with a client certificate from the platform CA required (no certificate, no connection). */
export function serverCredentials(id: TlsIdentity): ServerCredentials {
  return ServerCredentials.createSsl(id.ca, [{ private_key: id.key, cert_chain: id.cert }], true);
}

/** Client side: the CA to check the server against and this process's certificate to present. */
export function channelCredentials(id: TlsIdentity): ChannelCredentials {
  return credentials.createSsl(id.ca, id.key, id.cert);
}

/** The CN of the caller's client certificate (verified against the CA during the handshake). */
export function peerIdentity(call: { getAuthContext(): AuthContext }): string | undefined {
  const cn = call.getAuthContext().sslPeerCertificate?.subject?.CN;
  return typeof cn === 'string' && cn !== '' ? cn : undefined;
}
