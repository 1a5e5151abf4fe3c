// Money and dates as Chinese users write them.
import dayjs from 'dayjs';
import { currentLanguage } from '../app/i18n';

export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return '¥' + (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function formatDate(v: string | null | undefined): string {
  if (!v) return '—';
  return currentLanguage() === 'zh-CN' ? dayjs(v).format('YYYY年M月D日') : dayjs(v).format('YYYY-MM-DD');
}

export function formatDateTime(v: string | null | undefined): string {
  if (!v) return '—';
  return dayjs(v).format('YYYY-MM-DD HH:mm');
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return bytes + ' B';
  if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
  return (bytes / 1024 / 1024).toFixed(1) + ' MB';
}
