/**
 * The public GraphQL schema. Every name here is fixed by docs/contract.md; additions are welcome,
 * renames are breaking changes.
 */
export const typeDefs = /* GraphQL */ `
  "Any JSON value: a JSON-LD document, a connector manifest."
  scalar JSON @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc8259")

  "An object with a global id, refetchable through Query.node (Relay's global object identification)."
  interface Node {
    id: ID!
  }

  type Query {
    "Products of every connected catalogue, searched, filtered, sorted and paged (at most 100 a page)."
    products(
      first: Int = 20
      after: String
      filter: ProductFilter
      sort: ProductSort = RELEVANCE
      currency: String
      lang: String
    ): ProductConnection!
    "One product by id ({connectorId}:{localId}); null when there is none."
    product(id: ID!, currency: String, lang: String): Product
    "The economies that have at least one connector."
    economies: [Economy!]!
    connectors: [Connector!]!
    categories(lang: String): [Category!]!
    exchangeRates(base: String = "USD"): ExchangeRateTable!
    compliance(productId: ID!, destination: String!, lang: String): ComplianceReport!
    "The object with this global id (a product id); null when there is none."
    node(id: ID!): Node
    "The objects with these ids, in order, null where there is none (at most 100 ids)."
    nodes(ids: [ID!]!): [Node]!
    "The change feed, oldest first: what changed after the cursor \`after\` (none: the oldest retained). \`first\` is at most 500."
    productChanges(after: String, first: Int = 100, filter: ChangeFilter): ProductChangeConnection!
    "Where the change feed stands: its head (read from there to see only what comes next), its oldest cursor and how far back it reaches."
    changeFeed: ChangeFeedInfo!
  }

  "Which changes to read. Each list is a choice among its entries; lists together must all hold."
  input ChangeFilter {
    economies: [String!]
    connectors: [String!]
    categories: [String!]
    certifications: [String!]
    types: [ProductChangeType!]
    aspects: [ChangeAspect!]
    productIds: [ID!]
    "Compliance changes for this destination only"
    destination: String
  }
  enum ProductChangeType {
    CREATED
    UPDATED
    REMOVED
    COMPLIANCE_CHANGED
    CERTIFICATE_EXPIRING
  }
  enum ChangeAspect {
    CONTENT
    PRICE
    AVAILABILITY
    RATING
    CERTIFICATION
    IMAGES
    COMPLIANCE
  }
  type ProductChangeConnection {
    edges: [ProductChangeEdge!]!
    pageInfo: PageInfo!
  }
  type ProductChangeEdge {
    "Resumes right after this change"
    cursor: String!
    node: ProductChange!
  }
  type ProductChange {
    "The event's id: the same in GraphQL, /changes, the stream and webhook-id"
    id: ID!
    type: ProductChangeType!
    "RFC 3339"
    occurredAt: String!
    productId: ID!
    economy: String!
    connector: String!
    "Per product, strictly increasing"
    version: Int!
    aspects: [ChangeAspect!]!
    "UPDATED: each changed field, e.g. price.amount, certifications.HALAL.validUntil, name.vi"
    changes: [FieldChange!]!
    "The product as it stands now; null once removed"
    product(currency: String, lang: String): Product
    "COMPLIANCE_CHANGED and CERTIFICATE_EXPIRING"
    compliance: ComplianceTransition
  }
  type FieldChange {
    path: String!
    before: JSON
    after: JSON
  }
  type ComplianceTransition {
    destination: String!
    from: ComplianceStatus
    to: ComplianceStatus!
    checks: [ComplianceCheck!]!
    effectiveAt: String!
  }
  type ChangeFeedInfo {
    headCursor: String!
    oldestCursor: String
    retentionSeconds: Int!
  }
  enum Availability {
    IN_STOCK
    OUT_OF_STOCK
    PRE_ORDER
    DISCONTINUED
    UNKNOWN
  }

  input ProductFilter {
    "ISO 3166-1 alpha-2"
    economies: [String!]
    "Any language; accent-, case- and width-insensitive"
    text: String
    "Shared category codes"
    categories: [String!]
    "Programme stars"
    minRating: Int
    "Scheme codes, e.g. HALAL, ORGANIC, GI, VIETGAP, JAS_ORGANIC"
    certifications: [String!]
    "Decimal, in the request currency"
    priceMin: String
    priceMax: String
  }

  enum ProductSort {
    RELEVANCE
    PRICE_ASC
    PRICE_DESC
    RATING_DESC
    NAME_ASC
  }

  type ProductConnection {
    edges: [ProductEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
    "Counts of the whole result (every page) by economy, category, rating and certification"
    facets: ProductFacets!
  }
  type ProductEdge {
    cursor: String!
    node: Product!
    "Why the product matched the search text, one entry per part of the query; empty without text"
    matchedBy: [SearchMatch!]!
  }
  "Counts of a products result, for the filters beside it"
  type ProductFacets {
    economies: [FacetCount!]!
    categories: [FacetCount!]!
    ratings: [RatingFacetCount!]!
    certifications: [FacetCount!]!
  }
  type FacetCount {
    code: String!
    count: Int!
  }
  type RatingFacetCount {
    value: Int!
    count: Int!
  }
  "How a product matched part of the search text"
  type SearchMatch {
    "The words of the query"
    term: String!
    "The product's word (a corrected typo, a completed word) or the lexicon term it matched through"
    matched: String!
    kind: SearchMatchKind!
    field: SearchField!
    "The lexicon concept (or category code) of a VARIANT or LEXICON match"
    concept: String
  }
  "EXACT: the word itself; VARIANT: a plural or spelling/script variant; PREFIX: a word it starts; TYPO: within AUTO edit distance; LEXICON: the same thing in another language"
  enum SearchMatchKind {
    EXACT
    VARIANT
    PREFIX
    TYPO
    LEXICON
  }
  enum SearchField {
    NAME
    PRODUCER
    REGION
    CATEGORY
    DESCRIPTION
    STORY
  }
  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
    "Whether products come before this page (forward paging: this page does not start at the first)."
    hasPreviousPage: Boolean!
    startCursor: String
  }

  type Product implements Node {
    id: ID!
    economy: Economy!
    "OVOP, OCOP, OTOP, ..."
    programme: String!
    name(lang: String): LocalizedText!
    "Every language the source has"
    names: [LocalizedText!]!
    description(lang: String): LocalizedText
    "The story behind the product: maker, village, craft"
    story(lang: String): LocalizedText
    category: Category
    price(currency: String): Money
    rating: ProgrammeRating
    producer: Producer
    origin: Place!
    certifications: [Certification!]!
    gtin: String
    hsCode: String
    netContent: Quantity
    ingredients(lang: String): LocalizedText
    allergens: [String!]!
    shelfLifeDays: Int
    labelLanguages: [String!]!
    images: [String!]!
    url: String
    marketplaces: [MarketplaceListing!]!
    traceabilityUrl: String
    source: Provenance!
    jsonld(lang: String, currency: String): JSON!
    compliance(destination: String!, lang: String): ComplianceReport!
    "Stock as the manifest maps it; UNKNOWN when the source says nothing"
    availability: Availability!
  }

  type LocalizedText {
    value: String!
    "BCP 47 tag of the value"
    lang: String!
    "True when the value is not in the requested language"
    fallback: Boolean!
  }
  type Money {
    "Decimal string, rounded to the currency's minor units"
    amount: String!
    currency: String!
    formatted(locale: String): String!
    "The source price, when this one was converted"
    original: Money
    "The rate that converted original into this amount"
    rate: ExchangeRate
  }
  type ExchangeRate {
    from: String!
    to: String!
    rate: String!
    asOf: String!
    source: String!
  }
  type ExchangeRateTable {
    base: String!
    asOf: String!
    source: String!
    rates: [ExchangeRate!]!
  }
  type ProgrammeRating {
    scheme: String!
    value: Int!
    max: Int!
  }
  type Economy {
    code: String!
    name(lang: String): String!
    programme: String!
    "The programme's name in the request language"
    programmeName(lang: String): String!
    currency: String!
    languages: [String!]!
    productCount: Int!
  }
  type Category {
    code: String!
    label(lang: String): String!
  }
  type Certification {
    scheme: String!
    "The scheme's name in the request language (the code for schemes the vocabulary does not know)"
    label(lang: String): String!
    id: String
    issuer: String
    validUntil: String
  }
  type Producer {
    name: String!
    region: String
  }
  type Place {
    country: String!
    region: String
    locality: String
  }
  type Quantity {
    value: String!
    "UN/ECE Recommendation 20 unit code: GRM, KGM, MLT, LTR, MTR (metre), H87 (piece)"
    unit: String!
  }
  type MarketplaceListing {
    name: String!
    url: String!
  }
  type Provenance {
    connector: String!
    upstreamId: String!
    fetchedAt: String!
    stale: Boolean!
  }
  type Connector {
    id: String!
    economy: String!
    programme: String!
    builtin: Boolean!
    status: ConnectorStatus!
    productCount: Int!
    quarantined: Int!
    lastRefresh: String
    lastError: String
    "The newest harvest report: running on this instance, else the last finished"
    lastHarvest: HarvestReport
    "The last harvest reports, newest first (at most 20 are kept)"
    harvests(last: Int = 10): [HarvestReport!]!
  }
  "What one harvest of a connector did"
  type HarvestReport {
    startedAt: String!
    finishedAt: String
    status: HarvestStatus!
    pages: Int!
    records: Int!
    accepted: Int!
    quarantined: Int!
    truncated: Boolean!
    error: String
    "How many invocations ran this harvest: 1, or more when one ended (a Worker's request or Cron pass cut short) and a later one went on from its checkpoint"
    invocations: Int!
    "Pages read by earlier invocations that the last one did not fetch again (0 when the harvest was not resumed)"
    resumedPages: Int!
    "The connector's economy key or the operator token; anyone else: null, with a FORBIDDEN error on this field (the counts still come back)"
    issues(first: Int = 50): [ConformanceIssue!]
  }
  enum HarvestStatus {
    RUNNING
    COMPLETE
    TRUNCATED
    FAILED
  }
  enum IssueSeverity {
    ERROR
    WARNING
  }
  enum ConnectorStatus {
    UP
    DEGRADED
    DOWN
  }

  type ComplianceReport {
    productId: ID!
    destination: String!
    status: ComplianceStatus!
    checks: [ComplianceCheck!]!
  }
  enum ComplianceStatus {
    READY
    GAPS
    BLOCKED
  }
  type ComplianceCheck {
    code: String!
    "True when a failure blocks the export; false for recommendations"
    mandatory: Boolean!
    requirement: String!
    status: CheckStatus!
    detail: String
    reference: String
    "MANDATORY, RECOMMENDED or PROCEDURE (an importer or shipment step, reported as NOT_APPLICABLE)"
    level: String!
    "The day the rule was last read against the instrument it cites (YYYY-MM-DD)"
    lastChecked: String
  }
  enum CheckStatus {
    PASS
    WARN
    MISSING
    EXPIRED
    NOT_APPLICABLE
  }

  type Mutation {
    "Authorization: Bearer <GATEWAY_ADMIN_TOKEN>"
    createEconomyKey(economy: String!): EconomyKey!
    "Bearer <economy key>; dry run, stores nothing"
    validateManifest(manifest: JSON!): ConformanceReport!
    "Bearer <economy key>; manifest.economy must match the key"
    registerConnector(manifest: JSON!): ConnectorRegistration!
    "Bearer <economy key of that connector's economy>"
    removeConnector(id: String!): Boolean!
    refreshConnector(id: String!): Connector!
    "Authorization: Bearer <GATEWAY_ADMIN_TOKEN>; a named client (e.g. the portal's server) with its own rate quota"
    createClientKey(name: String!, requestsPerSecond: Int!): ClientKey!
  }
  "The key is shown once, stored hashed; Authorization: Bearer <key> draws on the client's own quota"
  type ClientKey {
    name: String!
    key: String!
    requestsPerSecond: Int!
  }
  "The key is shown once, stored hashed"
  type EconomyKey {
    economy: String!
    key: String!
  }
  type ConnectorRegistration {
    connector: Connector!
    report: ConformanceReport!
  }
  type ConformanceReport {
    ok: Boolean!
    sampled: Int!
    accepted: Int!
    rejected: Int!
    issues: [ConformanceIssue!]!
  }
  type ConformanceIssue {
    record: String
    path: String!
    message: String!
    "ERROR: the record (or the whole source) was set aside; WARNING: worth fixing, nothing set aside"
    severity: IssueSeverity!
  }

  type Subscription {
    "Replays what follows \`after\` (a change cursor), then goes on live; with no cursor, live only. Over Server-Sent Events."
    productChanged(after: String, filter: ChangeFilter): ProductChange!
  }

  extend type ProductChange {
    "The change cursor right after this event: resume with it (productChanged's \`after\`, /changes' \`after\`, Last-Event-ID)"
    cursor: String
  }

  extend type Query {
    "Bearer <client key>: the caller's own webhook subscriptions; the operator token sees all"
    webhookSubscriptions: [WebhookSubscription!]!
  }
  extend type Mutation {
    "Bearer <client key> (or the operator token); the subscription starts at the change log's head. The secret is shown once"
    createWebhookSubscription(input: WebhookSubscriptionInput!): WebhookSecretIssued!
    updateWebhookSubscription(id: ID!, input: WebhookSubscriptionInput!): WebhookSubscription!
    deleteWebhookSubscription(id: ID!): Boolean!
    "The old secret still signs, beside the new, for 24 h"
    rotateWebhookSecret(id: ID!): WebhookSecretIssued!
    "Delivers again from a change cursor, or from an RFC 3339 time"
    replayWebhookSubscription(id: ID!, from: String!): WebhookSubscription!
    "DISABLED to ACTIVE, from where it stopped"
    resumeWebhookSubscription(id: ID!): WebhookSubscription!
  }
  input WebhookSubscriptionInput {
    url: String!
    filter: ChangeFilter
    currency: String
    lang: String
  }
  "Changes pushed to a receiver as signed CloudEvents (Standard Webhooks)"
  type WebhookSubscription {
    id: ID!
    url: String!
    status: WebhookStatus!
    filter: JSON
    cursor: String
    "Seconds since the oldest event not yet delivered was written; 0 when caught up"
    lag: Int!
    failingSince: String
    nextAttemptAt: String
    "Newest first"
    deliveries(first: Int = 20): [WebhookDelivery!]!
  }
  enum WebhookStatus {
    ACTIVE
    RETRYING
    DISABLED
  }
  type WebhookDelivery {
    eventId: ID!
    attempt: Int!
    at: String!
    status: Int
    durationMs: Int!
    error: String
  }
  "The secret (whsec_…) is shown once"
  type WebhookSecretIssued {
    subscription: WebhookSubscription!
    secret: String!
  }
`;
