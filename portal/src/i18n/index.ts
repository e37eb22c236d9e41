import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = 'hx.lang';

function initialLanguage(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  // Chinese first: a household's phone may be set to anything, the service speaks Chinese unless asked
  return stored === 'en' ? 'en' : 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

function applyDocumentLanguage(lang: string) {
  document.documentElement.lang = lang;
  document.title = i18n.t('app.title');
}

applyDocumentLanguage(i18n.language);
i18n.on('languageChanged', (lang) => {
  localStorage.setItem(KEY, lang);
  applyDocumentLanguage(lang);
});

export default i18n;
