import { MANIFEST_SCHEMA_PATH } from '../../schemas/manifest-json-schema';
import type { ConformanceReport } from '../registry/registrations';
import type { ConnectorView } from '../federation/federation';
import { Layout } from './layout';
import type { Visitor } from './visitor';

/** What a submission of the register form produced. */
export type RegisterOutcome =
  | {
      kind: 'report';
      action: 'dryRun' | 'register';
      report: ConformanceReport;
      connector?: Pick<ConnectorView, 'id' | 'status' | 'productCount' | 'quarantined' | 'lastError'>;
    }
  | { kind: 'error'; code: string; message: string; issues?: Array<{ record?: string | null; path: string; message: string }> };

const EXAMPLE = `{
  "id": "th-otop",
  "economy": "TH",
  "programme": "OTOP",
  "name": "Thailand OTOP",
  "source": { "url": "https://catalogue.example/otop/products.csv", "format": "csv", "encoding": "windows-874" },
  "defaults": { "currency": "THB", "language": "th" },
  "mapping": { "localId": "code", "name": { "th": "name_th" }, "price": "price" }
}`;

/**
 * The economy onboarding page: the manifest and the economy key go into a POST form (the key
 * never in a URL, never echoed back); Dry run shows the per-record report, Register the connector.
 */
export function RegisterPage({ visitor, manifest, outcome }: { visitor: Visitor; manifest?: string; outcome?: RegisterOutcome }) {
  const { t } = visitor;
  const action = visitor.langParam ? `/register?lang=${encodeURIComponent(visitor.langParam)}` : '/register';
  return (
    <Layout lang={visitor.lang} t={t} title={t('registerHeading')}>
      <h1>{t('registerHeading')}</h1>
      <p class="lead">{t('registerIntro')}</p>
      <p>
        <a href={MANIFEST_SCHEMA_PATH} type="application/schema+json">
          {t('manifestSchemaLink')}
        </a>{' '}
        ({MANIFEST_SCHEMA_PATH})
      </p>
      {outcome ? <Outcome outcome={outcome} visitor={visitor} /> : null}
      <form method="post" action={action} class="panel" autocomplete="off">
        <div>
          <label for="key">{t('economyKey')}</label>
          <input id="key" name="key" type="password" required autocomplete="off" spellcheck={false} aria-describedby="key-hint" maxlength={512} />
          <p class="hint" id="key-hint">
            {t('economyKeyHint')}
          </p>
        </div>
        <div class="field">
          <label for="manifest">{t('manifest')}</label>
          <textarea id="manifest" name="manifest" required spellcheck={false} autocomplete="off" placeholder={EXAMPLE}>
            {manifest ?? ''}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit" name="dryRun" value="1" class="secondary">
            {t('dryRun')}
          </button>
          <button type="submit" name="register" value="1">
            {t('register')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function Outcome({ outcome, visitor }: { outcome: RegisterOutcome; visitor: Visitor }) {
  const { t } = visitor;
  if (outcome.kind === 'error') {
    return (
      <section class="notice" role="alert" aria-labelledby="outcome-h" data-code={outcome.code}>
        <h2 id="outcome-h">
          {t('submissionFailed')} ({outcome.code})
        </h2>
        <p>{outcome.message}</p>
        {outcome.issues?.length ? <IssueTable issues={outcome.issues} visitor={visitor} /> : null}
      </section>
    );
  }
  const { report, connector } = outcome;
  return (
    <section aria-labelledby="outcome-h" class={`notice${report.ok ? ' ok' : ''}`} role="status">
      <h2 id="outcome-h">{outcome.action === 'register' ? t('registered') : t('reportHeading')}</h2>
      {connector ? (
        <dl class="facts" id="connector">
          <dt>{t('connector')}</dt>
          <dd>{connector.id}</dd>
          <dt>{t('connectorStatus')}</dt>
          <dd data-status={connector.status}>{connector.status}</dd>
          <dt>{t('products')}</dt>
          <dd>{connector.productCount}</dd>
          <dt>{t('quarantined')}</dt>
          <dd>{connector.quarantined}</dd>
          {connector.lastError ? (
            <>
              <dt>{t('lastError')}</dt>
              <dd>{connector.lastError}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <div class="counts" id="counts">
        <div>
          <strong data-count="sampled">{report.sampled}</strong>
          {t('sampled')}
        </div>
        <div>
          <strong data-count="accepted">{report.accepted}</strong>
          {t('accepted')}
        </div>
        <div>
          <strong data-count="rejected">{report.rejected}</strong>
          {t('rejected')}
        </div>
      </div>
      {report.issues.length ? <IssueTable issues={report.issues} visitor={visitor} /> : <p>{t('noIssues')}</p>}
    </section>
  );
}

function IssueTable({ issues, visitor }: { issues: Array<{ record?: string | null; path: string; message: string }>; visitor: Visitor }) {
  const { t } = visitor;
  return (
    <table class="checks issues">
      <caption class="meta">
        {t('issues')}: {issues.length}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('record')}</th>
          <th scope="col">{t('path')}</th>
          <th scope="col">{t('message')}</th>
        </tr>
      </thead>
      <tbody>
        {issues.map((issue) => (
          <tr class="issue">
            <td data-label={t('record')}>{issue.record ?? '—'}</td>
            <td data-label={t('path')}>
              <code>{issue.path}</code>
            </td>
            <td data-label={t('message')}>{issue.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
