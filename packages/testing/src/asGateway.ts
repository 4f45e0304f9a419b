import { decodeJwt } from 'jose';
import {
  AssertionSigner,
  callUnary,
  GATEWAY_IDENTITY,
  platformChannel,
  tlsIdentity,
  TokenVerifier,
  type CallSettings,
} from '@wage/kit';

/**
 * Tests that call a service's gRPC port directly stand in for the gateway: they present the gateway's dev
 * client certificate and forward a person's Keycloak token as the gateway would, as its signed assertion.
 */
export const gatewayChannel = () => platformChannel(GATEWAY_IDENTITY);

let signer: AssertionSigner | undefined;
const verifiers = new Map<string, TokenVerifier>();

/**
 * The assertion the gateway would forward for this Keycloak token. A token the gateway would refuse (forged,
 * expired, wrong audience) is passed on unchanged, so the service's own refusal is what the test sees.
 */
export async function asGateway(token: string): Promise<string> {
  let iss: string | undefined;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    return token;
  }
  const m = /^(.*)\/realms\/([^/]+)$/.exec(iss ?? '');
  if (!m) return token;
  let verifier = verifiers.get(iss!);
  if (!verifier) {
    verifier = new TokenVerifier({ keycloakUrl: m[1]!, realm: m[2]!, audience: 'wage-gateway' });
    verifiers.set(iss!, verifier);
  }
  try {
    const principal = await verifier.verify(token);
    return await (signer ??= new AssertionSigner(tlsIdentity(GATEWAY_IDENTITY))).sign(principal);
  } catch {
    return token;
  }
}

/** `callUnary` as the gateway makes it: the caller's token becomes the gateway's assertion. */
export async function callAsGateway<Req, Res>(
  method: Parameters<typeof callUnary<Req, Res>>[0],
  request: Req,
  settings: CallSettings = {},
): Promise<Res> {
  const token = settings.token ? await asGateway(settings.token) : undefined;
  return callUnary(method, request, { ...settings, ...(token ? { token } : {}) });
}
