const ASEAN = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN'];

/**
 * Preferential trade agreements between APEC economies and the certificate of origin each uses
 * (last checked 2026-11-25 against the agreements' texts and Japan Customs' EPA pages).
 */
export const AGREEMENTS = [
  { name: 'ATIGA', certificate: 'ATIGA Form D', members: ASEAN },
  { name: 'AJCEP (ASEAN–Japan)', certificate: 'Form AJ', members: [...ASEAN, 'JP'] },
  { name: 'Japan–Viet Nam EPA', certificate: 'Form VJ', members: ['JP', 'VN'] },
  { name: 'Japan–Indonesia EPA', certificate: 'Form IJ', members: ['JP', 'ID'] },
  { name: 'Japan–Malaysia EPA', certificate: 'Form JM', members: ['JP', 'MY'] },
  { name: 'Japan–Thailand EPA', certificate: 'Form JTEPA', members: ['JP', 'TH'] },
  { name: 'Japan–Philippines EPA', certificate: 'Form JPEPA', members: ['JP', 'PH'] },
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
