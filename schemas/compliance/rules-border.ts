import { FOOD, GOODS, NOT_MEDICINE, PH_PRIMARY, rule } from './rule-builder';

/**
 * Economies with African swine fever that Japan's Animal Quarantine Service lists (APEC members and
 * their neighbours; MAFF's list, last checked 2026-11-25).
 */
export const ASF_ECONOMIES = ['CN', 'HK', 'KR', 'VN', 'LA', 'KH', 'MM', 'PH', 'ID', 'MY', 'TH', 'TL', 'PG', 'IN', 'MN', 'RU'];
/** Economies where fruit flies that Japan's Plant Protection Act bans hosts from are present. */
const FRUIT_FLY_ECONOMIES = ['VN', 'TH', 'PH', 'ID', 'MY', 'CN', 'TW', 'LA', 'KH', 'MM', 'SG', 'BN'];
/** Halal bodies BPJPH recognises abroad under mutual recognition (those of the sample economies). */
const BPJPH_RECOGNISED = [
  'JAKIM',
  'MUIS',
  'CICOT',
  'Japan Muslim Association',
  'JMA',
  'Japan Halal Association',
  'JHA',
  'Muslim Professional Japan Association',
  'MPJA',
];
/** Malaysia's competent halal authorities: JAKIM, the state religious councils and departments (MAIN/JAIN), and foreign bodies JAKIM recognises. */
const MY_HALAL_AUTHORITIES = [
  'JAKIM',
  'JAIS',
  'MAIS',
  'MAIWP',
  'JAWI',
  'JAIJ',
  'MAIJ',
  'JHEAIPk',
  'MAINPk',
  'JAHEAIK',
  'MAIK',
  'JHEAT',
  'MAIDAM',
  'JAIM',
  'MUIS',
  'CICOT',
  'Japan Muslim Association',
  'JMA',
  'Japan Halal Association',
  'JHA',
  'Muslim Professional Japan Association',
  'MPJA',
  'MUI',
  'BPJPH',
];
const NOT_JAKIM = {
  JAIS: 'JAIS is the Selangor state religious department: its certificate is a Malaysian state certificate, not JAKIM’s, and BPJPH recognises JAKIM only',
  MAIWP: 'MAIWP is the Federal Territories religious council: its certificate is not JAKIM’s, and BPJPH recognises JAKIM only',
};

/** Halal: Indonesia's mandatory certification and its non-halal path; Malaysia's claimed halal and its meat rule. */
export const HALAL_RULES = [
  rule({
    code: 'HALAL_CERTIFICATE',
    level: 'MANDATORY',
    destinations: ['ID'],
    categories: [...FOOD],
    reads: ['certifications'],
    unless: [{ forms: ['PORK', 'ALCOHOLIC'] }],
    test: {
      kind: 'certificate',
      schemes: ['HALAL'],
      issuers: BPJPH_RECOGNISED,
      issuerNotes: NOT_JAKIM,
      registeredAs: 'HALAL_REGISTRATION_ID',
      registrationNote: 'a foreign certificate is not registered with BPJPH, and must be before the product circulates',
      domestic: { issuers: ['BPJPH'], idPattern: '^ID\\d' },
    },
    reference:
      'Law 33/2014 on Halal Product Assurance, amended by Law 6/2023: art. 4 (products entering Indonesia are halal-certified), arts. 46–47 (a foreign halal certificate counts only from a body under a mutual recognition agreement with BPJPH, and must be registered with BPJPH before the product circulates); Government Regulation 42/2024',
    outOfScope: 'the BPJPH list of recognised foreign bodies beyond the sample economies; the deadlines for micro and small firms (17 October 2026, passed)',
  }),
  rule({
    code: 'NON_HALAL_STATEMENT',
    level: 'MANDATORY',
    destinations: ['ID'],
    categories: [...FOOD],
    reads: ['hsCode', 'ingredients'],
    when: { forms: ['PORK', 'ALCOHOLIC'] },
    test: {
      kind: 'labelStatement',
      statement:
        'a non-halal product (pork or alcohol): no halal certificate applies, but the label must carry the non-halal statement ("keterangan tidak halal": a sign, words or picture that is part of the product) required by the halal law',
    },
    reference:
      'Law 33/2014 on Halal Product Assurance, arts. 18 and 20 (haram materials: pork; intoxicating materials) and art. 26(2) (products of haram materials must carry a non-halal statement), amended by Law 6/2023; Government Regulation 42/2024',
  }),
  rule({
    code: 'HALAL_CERTIFICATE',
    level: 'MANDATORY',
    destinations: ['MY'],
    categories: [...FOOD],
    reads: ['certifications'],
    unless: [{ forms: ['HALAL_SLAUGHTER_MEAT'] }],
    test: { kind: 'certificate', schemes: ['HALAL'], claimedOnly: true, issuers: MY_HALAL_AUTHORITIES },
    reference:
      'Trade Descriptions (Certification and Marking of Halal) Order 2011 (JAKIM, the state religious councils, or a foreign body JAKIM recognises); MS 1500:2019',
  }),
  rule({
    code: 'HALAL_SLAUGHTER',
    level: 'MANDATORY',
    destinations: ['MY'],
    categories: [...FOOD],
    origins: { except: ['MY'] },
    reads: ['hsCode', 'certifications'],
    when: { forms: ['HALAL_SLAUGHTER_MEAT'] },
    test: {
      kind: 'certificate',
      schemes: ['HALAL'],
      issuers: MY_HALAL_AUTHORITIES,
      registeredAs: 'JAKIM_RECOGNISED_PLANT',
      registrationNote:
        'the record names no slaughter or processing plant that JAKIM recognises (and DVS approves); a halal certificate alone does not show it',
    },
    reference:
      'Animals Act 1953 and the Department of Veterinary Services import permit; Malaysian Protocol for the Halal Meat and Poultry Productions (imported meat only from a plant approved by DVS and recognised by JAKIM, with a halal certificate from a JAKIM-recognised body)',
    outOfScope: 'the list of approved foreign plants (the record names no plant)',
  }),
  rule({
    code: 'HALAL_CERTIFICATE',
    level: 'MANDATORY',
    destinations: ['TH'],
    categories: [...FOOD],
    reads: ['certifications'],
    test: { kind: 'certificate', schemes: ['HALAL'], claimedOnly: true },
    reference: 'CICOT halal standard (THS 24000:2552), when halal is claimed',
  }),
];

const health = (destination: string, reference: string, action: string, forms: Array<'MEAT' | 'FISHERY'> = ['MEAT', 'FISHERY']) =>
  rule({
    code: 'HEALTH_CERTIFICATE',
    level: 'PROCEDURE',
    destinations: [destination],
    categories: [...FOOD],
    origins: { except: [destination] },
    reads: ['hsCode'],
    when: { forms },
    test: { kind: 'procedure', action },
    reference,
  });
const phyto = (destination: string, reference: string, action: string) =>
  rule({
    code: 'PHYTOSANITARY_CERTIFICATE',
    level: 'PROCEDURE',
    destinations: [destination],
    categories: ['FOOD', 'BEVERAGE', 'HERBAL', 'HANDICRAFT'],
    origins: { except: [destination] },
    reads: ['hsCode'],
    when: { forms: ['PLANT_PRODUCT'] },
    test: { kind: 'procedure', action },
    reference,
    outOfScope: 'wood packaging (ISPM 15), CITES species (e.g. agarwood), pest-risk analyses per species',
  });

/** Animal and plant quarantine, by destination, HS chapter, origin and product form. */
export const QUARANTINE_RULES = [
  rule({
    code: 'ANIMAL_QUARANTINE',
    level: 'MANDATORY',
    destinations: ['JP'],
    categories: [...FOOD],
    reads: ['hsCode', 'ingredients', 'origin.country'],
    when: { forms: ['PORK'], origins: ASF_ECONOMIES },
    test: {
      kind: 'prohibited',
      unlessScheme: 'JP_DESIGNATED_HEAT_TREATMENT',
      reason:
        'pork products from an economy with African swine fever may not enter Japan unless heat-treated at a facility designated by Japan’s Ministry of Agriculture',
    },
    reference:
      'Domestic Animal Infectious Diseases Control Act (Act No. 166 of 1951), art. 36 (prohibited articles) and its Enforcement Regulations, art. 43; MAFF designated heat-treatment facilities',
  }),
  rule({
    code: 'PLANT_QUARANTINE',
    level: 'RECOMMENDED',
    destinations: ['JP'],
    categories: ['FOOD', 'BEVERAGE', 'HERBAL'],
    reads: ['hsCode', 'origin.country'],
    when: { forms: ['FRUIT_FLY_HOST'], origins: FRUIT_FLY_ECONOMIES },
    test: {
      kind: 'confirm',
      question:
        'fresh fruit of a fruit-fly host from this origin is prohibited in Japan unless the ban is lifted for that species and origin with a prescribed treatment (e.g. vapour heat for Vietnamese dragon fruit and lychee) at a facility Japan approves: confirm the species is lifted before shipping',
    },
    reference: 'Plant Protection Act (Act No. 151 of 1950), art. 7; Enforcement Regulations, Annexed Table 2 (prohibited articles) and 2-2',
  }),
  health(
    'JP',
    'Domestic Animal Infectious Diseases Control Act (Act No. 166 of 1951), art. 37 (inspection certificate of the exporting government)',
    'the importer presents, for each shipment, the exporting government’s animal-health inspection certificate at Japan’s Animal Quarantine Service; meat is admitted only from economies and plants Japan approves',
    ['MEAT'],
  ),
  phyto(
    'JP',
    'Plant Protection Act (Act No. 151 of 1950), art. 6 (phytosanitary certificate); International Plant Protection Convention',
    'the exporter obtains, for each shipment, a phytosanitary certificate from the exporting plant protection organisation; the importer presents it at Japan’s Plant Protection Station',
  ),
  health(
    'ID',
    'Law 21/2019 on Animal, Fish and Plant Quarantine; Law 18/2009 on Animal Husbandry and Health, amended by Law 41/2014',
    'the importer presents, for each shipment, the health certificate of the exporting authority (veterinary for meat, fish health for fishery products) to the Indonesian Quarantine Agency; meat needs a recommendation from the Ministry of Agriculture and an approved foreign plant',
  ),
  phyto(
    'ID',
    'Law 21/2019 on Animal, Fish and Plant Quarantine, art. 33',
    'the importer presents, for each shipment, the exporting country’s phytosanitary certificate to the Indonesian Quarantine Agency',
  ),
  health(
    'MY',
    'Animals Act 1953 (meat, with an import permit of the Department of Veterinary Services); Fisheries Act 1985 and the Malaysian Quarantine and Inspection Services Act 2011 (fishery products)',
    'the importer holds an import permit (DVS for meat, MAQIS for fishery products) and presents the exporting authority’s health certificate for each shipment',
  ),
  phyto(
    'MY',
    'Plant Quarantine Act 1976 and Plant Quarantine Regulations 1981; Malaysian Quarantine and Inspection Services Act 2011',
    'the importer holds a MAQIS import permit where required and presents the exporting country’s phytosanitary certificate for each shipment',
  ),
  health(
    'VN',
    'Law on Veterinary Medicine 2015 (79/2015/QH13), arts. 47–51 (quarantine of imported animal products); Law on Fisheries 2017',
    'the importer registers the shipment for animal-product quarantine and presents the exporting authority’s health certificate; the exporting plant must be on Viet Nam’s list of approved establishments',
  ),
  phyto(
    'VN',
    'Law on Plant Protection and Quarantine 2013 (41/2013/QH13), art. 34',
    'the importer registers the shipment for plant quarantine and presents the exporting country’s phytosanitary certificate; fresh fruit needs a completed pest-risk analysis',
  ),
  health(
    'TH',
    'Animal Epidemics Act B.E. 2558 (2015) (meat, with a Department of Livestock Development permit); Royal Ordinance on Fisheries B.E. 2558 (2015)',
    'the importer holds the import permit (Department of Livestock Development for meat, Department of Fisheries for fishery products) and presents the exporting authority’s health certificate for each shipment',
  ),
  phyto(
    'TH',
    'Plant Quarantine Act B.E. 2507 (1964), amended B.E. 2551 (2008)',
    'the importer presents the exporting country’s phytosanitary certificate; some plants need an import permit from the Department of Agriculture',
  ),
  health(
    'PH',
    'Republic Act 10536 (Meat Inspection Code, as amended) and Department of Agriculture SPS import clearance (meat); Republic Act 10654 (Fisheries Code, as amended) and BFAR SPS import clearance (fishery products)',
    'the importer obtains a Sanitary and Phytosanitary Import Clearance before shipment and presents the exporting authority’s health certificate',
  ),
  phyto(
    'PH',
    'Presidential Decree 1433 (Plant Quarantine Law of 1978); Bureau of Plant Industry SPS import clearance',
    'the importer obtains a Bureau of Plant Industry SPS import clearance and presents the exporting country’s phytosanitary certificate',
  ),
];

const procedure = (
  code: 'IMPORT_NOTIFICATION' | 'SELF_DECLARATION' | 'IMPORT_INSPECTION' | 'LICENSE_TO_OPERATE' | 'IMPORT_LICENCE',
  destination: string,
  reference: string,
  action: string,
  options: { when?: { forms: Array<'FOOD_CONTACT'> }; exceptHs?: string[] } = {},
) =>
  rule({
    code,
    level: 'PROCEDURE',
    destinations: [destination],
    categories: options.when ? ['HANDICRAFT'] : [...FOOD],
    origins: { except: [destination] },
    reads: ['origin.country'],
    ...(options.when ? { when: options.when } : { unless: [...NOT_MEDICINE, ...(options.exceptHs ? [{ hsPrefixes: options.exceptHs }] : [])] }),
    test: { kind: 'procedure', action },
    reference,
  });

/** Steps of the importer or of each shipment that an exporter must know of: reported as NOT_APPLICABLE. */
export const PROCEDURE_RULES = [
  procedure(
    'IMPORT_NOTIFICATION',
    'JP',
    'Food Sanitation Act (Act No. 233 of 1947), article 27 (notification of import)',
    'the importer files the food import notification with the MHLW quarantine station for each shipment, before customs clearance',
  ),
  procedure(
    'IMPORT_NOTIFICATION',
    'JP',
    'Food Sanitation Act (Act No. 233 of 1947), article 27 (applies to apparatus and containers that touch food)',
    'tableware and other articles that touch food: the importer files the import notification with the MHLW quarantine station for each shipment',
    { when: { forms: ['FOOD_CONTACT'] } },
  ),
  procedure(
    'SELF_DECLARATION',
    'VN',
    'Decree 15/2018/ND-CP detailing the Law on Food Safety, arts. 4–5 (self-declaration); arts. 6–8 list the products that register instead',
    'the importer (the organisation responsible for the product) self-declares it and publishes the declaration before it is sold in Viet Nam',
  ),
  procedure(
    'IMPORT_INSPECTION',
    'VN',
    'Decree 15/2018/ND-CP, arts. 13–19 (state inspection of imported food: reduced, normal or tightened)',
    'the importer registers each shipment for the state food-safety inspection on import, unless Decree 15/2018 art. 13 exempts it',
  ),
  procedure(
    'LICENSE_TO_OPERATE',
    'PH',
    'Republic Act 9711 (FDA Act of 2009), section 10; FDA Administrative Order 2020-0017 (License to Operate)',
    'the importer holds an FDA License to Operate as a food importer and registers the product (Certificate of Product Registration) before sale',
    { exceptHs: PH_PRIMARY },
  ),
  procedure(
    'IMPORT_LICENCE',
    'TH',
    'Food Act B.E. 2522 (1979), section 15 (licence to import food)',
    'the importer holds a food import licence from the Thai FDA for its premises and lists each product under it (food serial number) before import',
  ),
];

const medicine = (destination: string, reference: string, scheme: string) =>
  rule({
    code: 'TRADITIONAL_MEDICINE',
    level: 'MANDATORY',
    destinations: [destination],
    categories: [...GOODS],
    origins: { except: [destination] },
    reads: ['hsCode', 'name', 'certifications'],
    when: { forms: ['TRADITIONAL_MEDICINE'] },
    test: { kind: 'certificate', schemes: [scheme] },
    reference,
    outOfScope: 'whether a given herbal product is a medicine, a health supplement or a food is decided by the destination authority',
  });

/** Herbal medicines (jamu, minyak gamat, HS 3003/3004): the traditional-medicine registration, not the food rules. */
export const MEDICINE_RULES = [
  medicine(
    'JP',
    'Act on Securing Quality, Efficacy and Safety of Products Including Pharmaceuticals and Medical Devices (Act No. 145 of 1960): approval and a marketing authorisation holder in Japan',
    'PMD_APPROVAL',
  ),
  medicine('ID', 'Law 17/2023 on Health; BPOM registration of traditional medicine (TR number)', 'BPOM_TR'),
  medicine('MY', 'Sale of Drugs Act 1952; Control of Drugs and Cosmetics Regulations 1984 (NPRA registration, MAL…T)', 'NPRA'),
  medicine('VN', 'Law on Pharmacy 2016 (105/2016/QH13); Circular 21/2018/TT-BYT on registration of traditional medicines', 'VN_TRADITIONAL_MEDICINE'),
  medicine('TH', 'Herbal Products Act B.E. 2562 (2019): registration of herbal products with the Thai FDA', 'TH_HERBAL'),
  medicine(
    'PH',
    'Republic Act 9711 (FDA Act of 2009); Republic Act 8423 (Traditional and Alternative Medicine Act of 1997): registration of traditional herbal products',
    'FDA_PH',
  ),
];
