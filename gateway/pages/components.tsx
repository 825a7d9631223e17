import type { Localized } from '../normalize/language';
import type { Translate } from './i18n';

/** A text in the language it is written in, marked when it is not the visitor's language. */
export function LocalizedText({ text, t }: { text: Localized | null; t: Translate }) {
  if (!text) return null;
  return (
    <>
      <span lang={text.lang}>{text.value}</span>
      {text.fallback ? (
        <span class="fallback" title={t('fallbackNote')}>
          {text.lang} · {t('fallbackNote')}
        </span>
      ) : null}
    </>
  );
}

/** A programme rating as stars, with its value spelled out for screen readers. */
export function Stars({ rating, t }: { rating: { scheme: string; value: number; max: number } | null | undefined; t: Translate }) {
  if (!rating) return null;
  const label = t('ratingValue', { value: rating.value, max: rating.max, scheme: rating.scheme });
  return (
    <span class="stars" role="img" aria-label={label} title={label}>
      {'★'.repeat(rating.value)}
      {'☆'.repeat(Math.max(0, rating.max - rating.value))}
    </span>
  );
}

/** A select with a visible label; `options` are [value, text] pairs. */
export function Select(props: { id: string; name: string; label: string; value: string | null | undefined; options: Array<[string, string]> }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={value === (props.value ?? '')}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
