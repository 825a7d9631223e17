import { Layout } from './layout';
import type { Visitor } from './visitor';

/** A page that says one thing: not found, or why a request cannot be answered. */
export function MessagePage({ visitor, title, message }: { visitor: Pick<Visitor, 'lang' | 't'>; title: string; message: string }) {
  return (
    <Layout lang={visitor.lang} t={visitor.t} title={title}>
      <h1>{title}</h1>
      <p class="notice">{message}</p>
      <p>
        <a href={`/?lang=${visitor.lang}`}>{visitor.t('navSearch')}</a>
      </p>
    </Layout>
  );
}
