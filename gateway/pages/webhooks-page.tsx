import type { DeliveryView, SubscriptionView } from '../webhooks/view';
import type { MessageKey } from './i18n';
import { Layout } from './layout';
import type { Visitor } from './visitor';

/** A subscription as the page lists it, with its lag and newest deliveries. */
export interface ListedSubscription {
  view: SubscriptionView;
  lag: number;
  deliveries: DeliveryView[];
}

/** What a submission of the webhooks form produced. */
export type WebhooksOutcome = { kind: 'list'; subscriptions: ListedSubscription[] } | { kind: 'error'; code: string; message: string };

/** Deliveries shown per subscription. */
export const DELIVERIES_SHOWN = 10;

const ERROR_HEADINGS: Record<string, MessageKey> = { UNAUTHENTICATED: 'clientKeyRefused', FORBIDDEN: 'errorForbidden' };

const when = (iso: string, lang: string) =>
  `${new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso))} UTC`;

/**
 * The page of a client key's holder (docs/contract.md, "Webhooks: pushed changes"): the key goes
 * into a POST form (never a URL, never echoed back); the answer lists the key's subscriptions, their
 * status and lag, and each one's newest deliveries. Changing them stays with GraphQL.
 */
export function WebhooksPage({ visitor, outcome }: { visitor: Visitor; outcome?: WebhooksOutcome }) {
  const { t } = visitor;
  const action = visitor.langParam ? `/webhooks?lang=${encodeURIComponent(visitor.langParam)}` : '/webhooks';
  return (
    <Layout lang={visitor.lang} t={t} title={t('webhooksHeading')}>
      <h1>{t('webhooksHeading')}</h1>
      <p class="lead">{t('webhooksIntro')}</p>
      {outcome?.kind === 'error' ? (
        <section class="notice" role="alert" aria-labelledby="outcome-h" data-code={outcome.code}>
          <h2 id="outcome-h">{t(ERROR_HEADINGS[outcome.code] ?? 'submissionFailed')}</h2>
          <p>{outcome.code === 'UNAUTHENTICATED' ? t('clientKeyNotRecognised') : outcome.message}</p>
        </section>
      ) : null}
      {outcome?.kind === 'list' ? <SubscriptionList subscriptions={outcome.subscriptions} visitor={visitor} /> : null}
      <form method="post" action={action} class="panel" autocomplete="off">
        <div>
          <label for="key">{t('clientKey')}</label>
          <input id="key" name="key" type="password" required autocomplete="off" spellcheck={false} aria-describedby="key-hint" maxlength={512} />
          <p class="hint" id="key-hint">
            {t('clientKeyHint')}
          </p>
        </div>
        <div class="actions">
          <button type="submit" name="list" value="1">
            {t('showSubscriptions')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function SubscriptionList({ subscriptions, visitor }: { subscriptions: ListedSubscription[]; visitor: Visitor }) {
  const { t } = visitor;
  return (
    <section aria-labelledby="outcome-h" class="notice ok" role="status" id="subscriptions">
      <h2 id="outcome-h">{t('webhooksHeading')}</h2>
      {subscriptions.length === 0 ? <p>{t('noSubscriptions')}</p> : null}
      {subscriptions.map(({ view, lag, deliveries }) => (
        <article class="panel subscription" data-subscription={view.id}>
          <h3>
            <code>{view.url}</code>
          </h3>
          <dl class="facts">
            <dt>ID</dt>
            <dd>
              <code>{view.id}</code>
            </dd>
            <dt>{t('webhookStatus')}</dt>
            <dd data-status={view.status}>{view.status}</dd>
            <dt>{t('webhookLag')}</dt>
            <dd data-lag={lag}>{lag}</dd>
            {view.failingSince ? (
              <>
                <dt>{t('webhookFailingSince')}</dt>
                <dd>
                  <time datetime={view.failingSince}>{when(view.failingSince, visitor.lang)}</time>
                </dd>
              </>
            ) : null}
            {view.nextAttemptAt ? (
              <>
                <dt>{t('webhookNextAttempt')}</dt>
                <dd>
                  <time datetime={view.nextAttemptAt}>{when(view.nextAttemptAt, visitor.lang)}</time>
                </dd>
              </>
            ) : null}
          </dl>
          <h4>{t('recentDeliveries')}</h4>
          {deliveries.length ? <DeliveryTable deliveries={deliveries} visitor={visitor} /> : <p>{t('noDeliveries')}</p>}
        </article>
      ))}
    </section>
  );
}

function DeliveryTable({ deliveries, visitor }: { deliveries: DeliveryView[]; visitor: Visitor }) {
  const { t } = visitor;
  const columns: MessageKey[] = ['deliveryAt', 'deliveryAttempt', 'deliveryStatus', 'deliveryDuration', 'deliveryError'];
  return (
    <table class="checks deliveries">
      <thead>
        <tr>
          {columns.map((key) => (
            <th scope="col">{t(key)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {deliveries.map((d) => (
          <tr class="delivery" data-event={d.eventId}>
            <td data-label={t('deliveryAt')}>
              <time datetime={d.at}>{when(d.at, visitor.lang)}</time>
            </td>
            <td data-label={t('deliveryAttempt')}>{d.attempt}</td>
            <td data-label={t('deliveryStatus')} data-status={d.status ?? ''}>
              {d.status ?? '—'}
            </td>
            <td data-label={t('deliveryDuration')}>{d.durationMs}</td>
            <td data-label={t('deliveryError')}>{d.error ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
