import { en, type StringKey, type Strings } from './strings.js';

const bundles = new Map<string, Partial<Strings>>([['en', en]]);

// Each language is a chunk of its own: an English page downloads none of them. A loader is
// removed once its strings are in `bundles`.
const loaders: Record<string, () => Promise<{ strings: Strings }>> = {
  fr: () => import('./locales/fr.js'),
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
};

/** Adds a language, or overrides strings of one, for every widget on the page. */
export function addStrings(lang: string, strings: Partial<Strings>): void {
  const key = lang.toLowerCase();
  bundles.set(key, { ...bundles.get(key), ...strings });
}

/** The best language we have for a BCP 47 tag: the tag itself, then its base language, else English. */
export function pickLanguage(tag: string): string {
  const full = tag.toLowerCase();
  for (const candidate of [full, full.split('-')[0]!]) {
    if (bundles.has(candidate) || candidate in loaders) return candidate;
  }
  return 'en';
}

export function isLanguageReady(lang: string): boolean {
  return !(lang in loaders);
}

export async function loadLanguage(lang: string): Promise<void> {
  const { strings } = await loaders[lang]!();
  // Strings a site owner added before the chunk arrived win over the built-in ones.
  bundles.set(lang, { ...strings, ...bundles.get(lang) });
  delete loaders[lang];
}

type Vars = Record<string, string | number>;

const english = new Intl.PluralRules('en');

/** Strings and Intl formatting for one language; cheap enough to build per render. */
export class Translator {
  private readonly number: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly plural: Intl.PluralRules;
  private readonly strings: Partial<Strings>;

  constructor(
    /** The page's own tag (e.g. `fr-CA`), used for number and date formats. */
    readonly locale: string,
    overrides: Partial<Strings> = {},
  ) {
    this.strings = { ...bundles.get(pickLanguage(locale)), ...overrides };
    try {
      this.number = new Intl.NumberFormat(locale);
    } catch {
      // An invalid tag on a host page must not break the widget.
      this.locale = 'en';
      this.number = new Intl.NumberFormat('en');
    }
    this.percent = new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 1 });
    this.plural = new Intl.PluralRules(this.locale);
  }

  t(key: StringKey, vars: Vars = {}): string {
    const own = this.strings[key];
    // A key a partial language lacks falls back to English, with English plural rules: Portuguese
    // calls 0 "one", which would make the English fallback say "0 vote".
    let text: string = own ?? (en as Partial<Strings>)[key] ?? key;
    if (text.includes('|')) {
      const [one, other] = text.split('|') as [string, string];
      const rules = own === undefined ? english : this.plural;
      text = typeof vars.n === 'number' && rules.select(vars.n) === 'one' ? one : other;
    }
    return text.replace(/\{(\w+)\}/g, (all, name: string) => {
      const value = vars[name];
      return value === undefined ? all : typeof value === 'number' ? this.number.format(value) : value;
    });
  }

  /** An error message for an API error code; `poll_closed` and the like reuse the status texts. */
  error(code: string): string {
    let key = code === 'poll_closed' ? 'closed' : code === 'poll_not_open' ? 'notOpen' : `error.${code}`;
    // A code without a text of its own takes its family's: `identity_expired` → `error.identity`.
    while (!(key in en) && key.includes('_')) key = key.slice(0, key.lastIndexOf('_'));
    return this.t(key in en ? (key as StringKey) : 'error.other');
  }

  num(n: number): string {
    return this.number.format(n);
  }

  /** `value` is 0..100, as the API sends it. */
  pct(value: number): string {
    return this.percent.format(value / 100);
  }
}
