import type { PersonalDataProtection } from '@wage/kit';
import type { StoredReporter } from './models';

/** How intake stores a person: ID number and phone encrypted, with keyed hashes for merging and look-up. */
export function protectPerson(
  pii: PersonalDataProtection,
  p: { name: string; idNumber: string; phone: string },
): StoredReporter {
  const id = pii.protect(p.idNumber);
  const phone = pii.protect(p.phone);
  return {
    name: p.name,
    idNumberEnc: id.enc,
    idNumberHash: id.hash,
    phoneEnc: phone.enc,
    phoneHash: phone.hash,
  };
}
