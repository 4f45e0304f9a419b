import { isWithin, regionAndBelow } from '@wage/cn';
import { notFound } from '../errors';
import type { common } from '@wage/proto';

/** The verified caller: who, which agency, which jurisdiction, which jobs. */
export interface Principal {
  subject: string;
  username: string;
  clientId: string;
  roles: string[];
  /** GB/T 2260 code of the caller's jurisdiction; the caller sees it and everything below it. */
  region: string;
  agency: string;
  token: string;
  expiresAt: Date;
}

/** The platform acting on its own (scheduler, event handler): sees every region, has no human role. */
export const SYSTEM_PRINCIPAL: Principal = {
  subject: 'system',
  username: 'system',
  clientId: 'platform',
  roles: ['system'],
  region: '',
  agency: 'platform',
  token: '',
  expiresAt: new Date(8.64e15),
};

export function hasAnyRole(p: Principal, roles: readonly string[]): boolean {
  return roles.some((r) => p.roles.includes(r));
}

/** Whether the caller's jurisdiction covers a region (its own code and every code below it). */
export function coversRegion(p: Principal, regionCode: string): boolean {
  if (p === SYSTEM_PRINCIPAL) return true;
  return p.region !== '' && regionCode !== '' && isWithin(regionCode, p.region);
}

/** Objects outside the caller's region are reported as missing: existence is not revealed. */
export function requireRegion(p: Principal, regionCode: string, what = '对象'): void {
  if (!coversRegion(p, regionCode)) throw notFound(`${what}不存在`);
}

export function actorOf(p: Principal): common.Actor {
  return { subject: p.subject, username: p.username, agency: p.agency, region: p.region, roles: p.roles };
}

/** A Mongo filter on a region-code field matching the caller's jurisdiction; nothing without a region. */
export function regionScopeFilter(p: Principal, field = 'regionCode'): Record<string, unknown> {
  if (p === SYSTEM_PRINCIPAL) return {};
  return regionFilter(p.region, field);
}

/** A Mongo filter matching a region and everything below it (from the GB/T 2260 data); nothing for an unknown code. */
export function regionFilter(code: string, field = 'regionCode'): Record<string, unknown> {
  return { [field]: { $in: [...regionAndBelow(code)] } };
}

/**
 * A platform service's own account (client credentials, e.g. `wage-inspection`) acting for a movement whose
 * region the calling service already checked: it sees every region. Anyone else keeps their jurisdiction.
 */
export function asServiceAccount(p: Principal, clientId: string): Principal {
  return p.clientId === clientId && hasAnyRole(p, [clientId]) ? SYSTEM_PRINCIPAL : p;
}
