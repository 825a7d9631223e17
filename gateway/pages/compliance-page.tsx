import type { ComplianceReport } from '../compliance/evaluate';
import type { Localized } from '../normalize/language';
import { LocalizedText } from './components';
import type { MessageKey } from './i18n';
import { Layout } from './layout';
import { economyLabel } from './product-view';
import { carry, type Visitor } from './visitor';

/**
 * The export checklist as a page: the overall status, then for each check its requirement in the
 * visitor's language, whether it is mandatory, its status, its detail and its legal reference.
 */
export function CompliancePage({ report, name, visitor }: { report: ComplianceReport; name: Localized | null; visitor: Visitor }) {
  const { t } = visitor;
  const destination = economyLabel(report.destination, visitor);
  const heading = t('complianceHeading', { destination });
  return (
    <Layout lang={visitor.lang} t={t} title={`${heading} – ${name?.value ?? report.productId}`}>
      <p>
        <a href={`/products/${encodeURIComponent(report.productId)}${carry(visitor)}`}>← {t('backToProduct')}</a>
      </p>
      <h1>{heading}</h1>
      <p class="lead">
        {t('complianceFor', { name: '' })}
        <LocalizedText text={name} t={t} />
      </p>
      <p class="overall">
        {t('overallStatus')}:{' '}
        <span class={`badge s-${report.status}`} data-status={report.status}>
          {t(`status_${report.status}` as MessageKey)}
        </span>
      </p>
      <table class="checks">
        <thead>
          <tr>
            <th scope="col">{t('requirement')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('detail')}</th>
            <th scope="col">{t('reference')}</th>
          </tr>
        </thead>
        <tbody>
          {report.checks.map((check) => (
            <tr data-code={check.code}>
              <td data-label={t('requirement')}>
                <strong>{check.requirement}</strong>
                <br />
                <span class="meta">
                  {check.code} · {check.level === 'MANDATORY' ? t('mandatory') : t('recommended')}
                </span>
              </td>
              <td data-label={t('status')}>
                <span class={`badge s-${check.status}`}>{t(`check_${check.status}` as MessageKey)}</span>
              </td>
              <td data-label={t('detail')}>{check.detail ?? '—'}</td>
              <td data-label={t('reference')}>{check.reference}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
