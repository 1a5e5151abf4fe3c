import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { zhCN } from './zh-CN';
import { enUS } from './en-US';

export type Lang = 'zh-CN' | 'en-US';
const saved = (typeof localStorage !== 'undefined' && localStorage.getItem('kehu.lang')) as Lang | null;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: saved ?? 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
dayjs.locale(i18n.language === 'en-US' ? 'en' : 'zh-cn');

export function setLanguage(lang: Lang) {
  localStorage.setItem('kehu.lang', lang);
  dayjs.locale(lang === 'en-US' ? 'en' : 'zh-cn');
  void i18n.changeLanguage(lang);
}

/** The app's language, one of the two it has (whatever else a stored setting or the browser said). */
export function currentLanguage(): Lang {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

export default i18n;
