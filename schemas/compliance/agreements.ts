/** Preferential trade agreements between APEC economies and the certificate of origin each uses. */
export const AGREEMENTS = [
  {
    name: 'ATIGA',
    certificate: 'ATIGA Form D',
    members: ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN'],
  },
  {
    name: 'RCEP',
    certificate: 'RCEP certificate of origin or declaration of origin',
    members: ['AU', 'BN', 'KH', 'CN', 'ID', 'JP', 'KR', 'LA', 'MY', 'MM', 'NZ', 'PH', 'SG', 'TH', 'VN'],
  },
  {
    name: 'CPTPP',
    certificate: 'CPTPP certification of origin (self-certified)',
    members: ['AU', 'BN', 'CA', 'CL', 'JP', 'MY', 'MX', 'NZ', 'PE', 'SG', 'VN'],
  },
] as const;

/** The agreements under which goods of `origin` may enter `destination` at a preferential tariff. */
export function agreementsBetween(origin: string, destination: string) {
  if (origin === destination) return [];
  return AGREEMENTS.filter((a) => (a.members as readonly string[]).includes(origin) && (a.members as readonly string[]).includes(destination));
}
