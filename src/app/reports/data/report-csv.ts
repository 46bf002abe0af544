import type { ReportDefinition, ReportFilters, ReportRow } from '../../../domain/reports/catalogue';
import { formatCents } from '../../../domain/money';

/** One CSV cell: quoted when needed; a leading = + - @ is neutralised (formula injection in Excel). */
function cell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const line = (cells: string[]) => cells.map(cell).join(';') + '\r\n';

/**
 * The offline CSV of a report computed on the device: the same layout as the server's (company,
 * report, filters, generation time, then the table), saying the rows come from the device.
 */
export function reportCsv(def: ReportDefinition, companyName: string, f: ReportFilters, rows: ReportRow[], at: Date): string {
  const filters = Object.entries(f).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join(' · ') || 'Sin filtros';
  let text = '\uFEFF';
  text += line(['Empresa', companyName]);
  text += line(['Reporte', `${def.title} (datos del dispositivo, sin conexión)`]);
  text += line(['Filtros', filters]);
  text += line(['Generado', at.toISOString().replace('T', ' ').slice(0, 19) + ' UTC']);
  text += '\r\n' + line(def.columns.map((c) => c.label));
  for (const r of rows) {
    text += line(def.columns.map((c) => {
      const v = r[c.key];
      if (v === null || v === undefined) return '';
      return c.kind === 'money' ? formatCents(Number(v)) : String(v);
    }));
  }
  return text;
}
