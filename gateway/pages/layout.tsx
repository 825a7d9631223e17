import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { SCRIPT, STYLE } from './assets';
import type { Translate } from './i18n';

export interface LayoutProps {
  /** The interface language: `<html lang>`. */
  lang: string;
  t: Translate;
  title: string;
  description?: string;
  /** Extra elements for `<head>` (the product's JSON-LD). */
  head?: Child;
  children?: Child;
}

/** The frame of every page: head with the inline style sheet, site header, main, footer, script. */
export function Layout({ lang, t, title, description, head, children }: LayoutProps) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('siteName')}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <style>{raw(STYLE)}</style>
        {head}
      </head>
      <body>
        <a class="skip" href="#main">
          {t('skipToContent')}
        </a>
        <header class="site">
          <div class="bar">
            <a class="brand" href={`/?lang=${lang}`}>
              {t('siteName')}
            </a>
            <nav class="site" aria-label={t('siteName')}>
              <ul>
                <li>
                  <a href={`/?lang=${lang}`}>{t('navSearch')}</a>
                </li>
                <li>
                  <a href={`/register?lang=${lang}`}>{t('navRegister')}</a>
                </li>
                <li>
                  <a href="/graphql">{t('navApi')}</a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <p>{t('tagline')}</p>
        </footer>
        <script>{raw(SCRIPT)}</script>
      </body>
    </html>
  );
}

/** A whole document: the doctype and the rendered element. */
export function documentOf(element: unknown): string {
  return `<!doctype html>${String(element)}`;
}
