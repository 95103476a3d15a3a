import { describe, expect, it } from 'vitest';

/** Every language says everything English says: a key missing in one would show the key itself on screen. */
const bundles = import.meta.glob<Record<string, unknown>>('../locales/*/*.json', { eager: true, import: 'default' });

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function keys(bundle: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(bundle).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? keys(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`.replace(PLURAL_SUFFIX, '')],
  );
}

function byLanguage(): Map<string, Map<string, Set<string>>> {
  const languages = new Map<string, Map<string, Set<string>>>();
  for (const [path, bundle] of Object.entries(bundles)) {
    const [, , language, file] = path.split('/') as [string, string, string, string];
    const namespaces = languages.get(language) ?? new Map<string, Set<string>>();
    namespaces.set(file, new Set(keys(bundle)));
    languages.set(language, namespaces);
  }
  return languages;
}

describe('translations', () => {
  const languages = byLanguage();
  const english = languages.get('en')!;

  it('exist for English and Russian at least', () => {
    expect([...languages.keys()]).toEqual(expect.arrayContaining(['en', 'ru']));
    expect(english.size).toBeGreaterThan(0);
  });

  for (const [language, namespaces] of languages) {
    if (language === 'en') continue;
    it(`in ${language} have every namespace and key of English, and no other`, () => {
      expect([...namespaces.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [file, englishKeys] of english) {
        const translated = namespaces.get(file)!;
        expect({ file, missing: [...englishKeys].filter((key) => !translated.has(key)) }).toEqual({ file, missing: [] });
        expect({ file, unknown: [...translated].filter((key) => !englishKeys.has(key)) }).toEqual({ file, unknown: [] });
      }
    });
  }
});
