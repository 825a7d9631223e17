import { makeExecutableSchema } from '@graphql-tools/schema';
import { typeDefs } from '../../schemas/graphql/type-defs';
import { changeQueries } from './resolvers/changes';
import { ConformanceIssue, Connector, HarvestReport } from './resolvers/connector';
import { Mutation } from './resolvers/mutation';
import { Product } from './resolvers/product';
import { Query } from './resolvers/query';
import { ProductChangeFields as ProductChange, Subscription } from './resolvers/subscription';
import { Category, Certification, ComplianceCheck, Economy, Money } from './resolvers/types';
import { WebhookSubscriptionFields, webhookMutations, webhookQueries } from './resolvers/webhooks';
import { JSONScalar } from './scalars';

/** The executable schema: the contract's SDL and its resolvers. Built once per process. */
export const schema = makeExecutableSchema({
  typeDefs,
  resolvers: {
    JSON: JSONScalar,
    Node: { __resolveType: () => 'Product' },
    Query: { ...Query, ...changeQueries, ...webhookQueries },
    Mutation: { ...Mutation, ...webhookMutations },
    WebhookSubscription: WebhookSubscriptionFields,
    Subscription,
    ProductChange,
    Product,
    Economy,
    Category,
    Certification,
    ComplianceCheck,
    Money,
    Connector,
    HarvestReport,
    ConformanceIssue,
  },
});
