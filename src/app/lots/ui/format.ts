import { formatCents } from '../../../domain/money';

/** Money for people, from integer cents: 150000 → "1.500,00" (the one formatter, never floating point). */
export function money(cents: number | null | undefined): string {
  return cents === null || cents === undefined ? '' : formatCents(cents, 'es');
}

const DATE_TIME = new Intl.DateTimeFormat('es-VE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const DATE = new Intl.DateTimeFormat('es-VE', { day: '2-digit', month: '2-digit', year: 'numeric' });

/** An ISO time as es-VE date and time ("25/11/2026, 02:46 p. m."); '' when absent or unreadable. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date);
}

/** An ISO date (or time) as an es-VE date ("25/11/2026"). */
export function dateOnly(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE.format(date);
}

/** A whole number with es thousands separators: 1000000 → "1.000.000". */
export function count(value: number): string {
  return formatCents(Math.trunc(value) * 100, 'es').slice(0, -3);
}

/** A file size for people: "12,5 MB", "830 kB", "512 B". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  const tenths = Math.round((bytes * 10) / (1024 * 1024));
  return `${count(Math.floor(tenths / 10))},${tenths % 10} MB`;
}

/** 0..1 → whole percent 0..100. */
export function percent(fraction: number): number {
  return Math.max(0, Math.min(100, Math.floor(fraction * 100)));
}
