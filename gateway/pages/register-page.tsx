import { economyName } from '../../schemas/economies';
import { MANIFEST_SCHEMA_PATH } from '../../schemas/manifest-json-schema';
import type { ConformanceReport } from '../registry/registrations';
import type { ConnectorView } from '../federation/federation';
import type { HarvestReport } from '../federation/harvest-report';
import type { JsonMistake } from '../registry/manifest-text';
import type { MessageKey } from './i18n';
import { Layout } from './layout';
import type { Visitor } from './visitor';

/** An issue as the page lists it: from a dry run, a registration, a harvest or a refused manifest. */
type ShownIssue = { record?: string | null; path: string; message: string; severity?: string };

/** What a submission of the register form produced. */
export type RegisterOutcome =
  | {
      kind: 'report';
      action: 'dryRun' | 'register';
      report: ConformanceReport;
      connector?: Pick<ConnectorView, 'id' | 'status' | 'productCount' | 'quarantined' | 'lastError'>;
    }
  | { kind: 'connectors'; economy: string | null; connectors: Array<{ view: ConnectorView; last: HarvestReport | null }> }
  | { kind: 'json'; mistake: JsonMistake }
  | { kind: 'error'; code: string; message: string; issues?: ShownIssue[] };

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
            {t('economyKeyHint')} {t('connectorsHint')}
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
          <button type="submit" name="connectors" value="1" class="secondary" formnovalidate>
            {t('myConnectors')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

/** Plain-language headings for the codes a submission can fail with; the code stays in `data-code` for machines. */
const ERROR_HEADINGS: Record<string, MessageKey> = {
  BAD_USER_INPUT: 'errorBadInput',
  UNAUTHENTICATED: 'errorKey',
  FORBIDDEN: 'errorForbidden',
};

function Outcome({ outcome, visitor }: { outcome: RegisterOutcome; visitor: Visitor }) {
  const { t } = visitor;
  if (outcome.kind === 'json') {
    const { line, column, expected, found } = outcome.mistake;
    return (
      <section class="notice" role="alert" aria-labelledby="outcome-h" data-code="BAD_USER_INPUT">
        <h2 id="outcome-h">{t('errorBadInput')}</h2>
        <p id="json-mistake">{t('jsonMistake', { line, column, expected, found })}</p>
      </section>
    );
  }
  if (outcome.kind === 'error') {
    const issues = outcome.issues ?? [];
    // The issues are the table; the paragraph above it only says what happened, once.
    const message =
      outcome.code === 'UNAUTHENTICATED'
        ? t('keyNotRecognised')
        : issues.length
          ? issues.some((i) => i.severity)
            ? t('nothingAccepted')
            : t('manifestHasIssues', { n: issues.length })
          : outcome.message;
    return (
      <section class="notice" role="alert" aria-labelledby="outcome-h" data-code={outcome.code}>
        <h2 id="outcome-h">{t(ERROR_HEADINGS[outcome.code] ?? 'submissionFailed')}</h2>
        <p>{message}</p>
        {issues.length ? <IssueTable issues={issues} visitor={visitor} /> : null}
      </section>
    );
  }
  if (outcome.kind === 'connectors') return <ConnectorList outcome={outcome} visitor={visitor} />;
  const { report, connector } = outcome;
  // Records accepted is a success, even with some to fix; nothing accepted is the failure.
  const success = report.accepted > 0 && !report.issues.some((i) => i.record === null && i.severity === 'ERROR');
  const heading = outcome.action === 'register' ? t('registered') : success ? t('dryRunOk') : t('dryRunNothing');
  return (
    <section aria-labelledby="outcome-h" class={`notice${success ? ' ok' : ''}`} role="status" data-outcome={success ? 'success' : 'failure'}>
      <h2 id="outcome-h">{heading}</h2>
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
      {report.issues.length ? (
        <>
          {success && report.rejected > 0 ? <h3>{t('toFix', { n: report.rejected })}</h3> : null}
          <IssueTable issues={report.issues} visitor={visitor} />
        </>
      ) : (
        <p>{t('noIssues')}</p>
      )}
    </section>
  );
}

/** A moment as the visitor's language writes it, in UTC (the page is shared by every time zone). */
function when(iso: string, lang: string): string {
  return `${new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
}

/** The key's economy's connectors, each with its last harvest and that harvest's issues. */
function ConnectorList({ outcome, visitor }: { outcome: Extract<RegisterOutcome, { kind: 'connectors' }>; visitor: Visitor }) {
  const { t } = visitor;
  return (
    <section aria-labelledby="outcome-h" class="notice ok" role="status" id="connectors">
      <h2 id="outcome-h">{outcome.economy ? t('connectorsOf', { economy: economyName(outcome.economy, visitor.lang) }) : t('allConnectors')}</h2>
      {outcome.connectors.length === 0 ? <p>{t('noConnectors')}</p> : null}
      {outcome.connectors.map(({ view, last }) => (
        <article class="panel connector" data-connector={view.id}>
          <h3>{view.name}</h3>
          <dl class="facts">
            <dt>{t('connector')}</dt>
            <dd>{view.id}</dd>
            <dt>{t('connectorStatus')}</dt>
            <dd data-status={view.status}>{view.status}</dd>
            <dt>{t('products')}</dt>
            <dd>{view.productCount}</dd>
          </dl>
          {last ? (
            <>
              <h4>{t('lastHarvest')}</h4>
              <dl class="facts harvest" data-harvest={last.status}>
                <dt>{t('harvestStatus')}</dt>
                <dd data-status={last.status}>{t(`harvest_${last.status}` as MessageKey)}</dd>
                <dt>{t('harvestStarted')}</dt>
                <dd>
                  <time datetime={last.startedAt}>{when(last.startedAt, visitor.lang)}</time>
                </dd>
                {last.finishedAt ? (
                  <>
                    <dt>{t('harvestDuration')}</dt>
                    <dd>{t('seconds', { n: ((Date.parse(last.finishedAt) - Date.parse(last.startedAt)) / 1000).toFixed(1) })}</dd>
                  </>
                ) : null}
                <dt>{t('pages')}</dt>
                <dd data-count="pages">{last.pages}</dd>
                <dt>{t('recordsRead')}</dt>
                <dd data-count="records">{last.records}</dd>
                <dt>{t('accepted')}</dt>
                <dd data-count="accepted">{last.accepted}</dd>
                <dt>{t('quarantined')}</dt>
                <dd data-count="quarantined">{last.quarantined}</dd>
                {last.error ? (
                  <>
                    <dt>{t('lastError')}</dt>
                    <dd>{last.error}</dd>
                  </>
                ) : null}
              </dl>
              {last.issues.length ? <IssueTable issues={last.issues} visitor={visitor} /> : <p>{t('noIssues')}</p>}
            </>
          ) : (
            <p>{t('noHarvest')}</p>
          )}
        </article>
      ))}
    </section>
  );
}

function IssueTable({ issues, visitor }: { issues: ShownIssue[]; visitor: Visitor }) {
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
          <th scope="col">{t('severity')}</th>
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
            <td data-label={t('severity')} data-severity={issue.severity ?? 'ERROR'}>
              {t(issue.severity === 'WARNING' ? 'severityWarning' : 'severityError')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
