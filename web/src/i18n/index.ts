import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * Translations live in src/locales/<language>/<namespace>.json, one namespace per feature (common, contacts,
 * deals, tasks, ...). A new language is a new folder; only the chosen language is downloaded.
 */
const bundles = import.meta.glob<{ default: Record<string, unknown> }>('../locales/*/*.json');

export const LANGUAGES: readonly string[] = [
  ...new Set(Object.keys(bundles).map((path) => path.split('/')[2] as string)),
].sort();
export const FALLBACK_LANGUAGE = 'en';
const STORAGE_KEY = 'pulse.language';

/** The person's choice, else the browser's first language we have, else English. */
export function preferredLanguage(
  stored: string | null = safeStorageGet(STORAGE_KEY),
  browser: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): string {
  if (stored && LANGUAGES.includes(stored)) return stored;
  for (const tag of browser) {
    const language = tag.toLowerCase().split('-')[0] ?? '';
    if (LANGUAGES.includes(language)) return language;
  }
  return FALLBACK_LANGUAGE;
}

async function loadLanguage(instance: I18n, language: string): Promise<void> {
  const prefix = `../locales/${language}/`;
  await Promise.all(
    Object.entries(bundles)
      .filter(([path]) => path.startsWith(prefix))
      .map(async ([path, load]) => {
        const namespace = path.slice(prefix.length, -'.json'.length);
        instance.addResourceBundle(language, namespace, (await load()).default, true, true);
      }),
  );
}

export async function initI18n(language: string = preferredLanguage()): Promise<I18n> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: FALLBACK_LANGUAGE,
    ns: ['common'],
    defaultNS: 'common',
    resources: {},
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  await loadLanguage(i18next, language);
  if (language !== FALLBACK_LANGUAGE) await loadLanguage(i18next, FALLBACK_LANGUAGE);
  document.documentElement.lang = language;
  return i18next;
}

export async function changeLanguage(language: string): Promise<void> {
  await loadLanguage(i18next, language);
  await i18next.changeLanguage(language);
  safeStorageSet(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

function safeStorageGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeStorageSet(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // private mode: the choice lasts for this page only
  }
}
