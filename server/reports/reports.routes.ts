import { Router } from 'express';
import { z } from 'zod';
import { REPORTS, REPORT_IDS, REPORT_PAGE_MAX, type ReportFilters, type ReportId } from '../../src/domain/reports/catalogue';
import * as accounts from '../accounts/accounts.store';
import { auditRequest } from '../audit/audit.service';
import { companyOf, requireAuth, requirePermission } from '../auth/auth.middleware';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseQuery } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { reportPdf, writeReportCsv, writeReportXlsx, type ExportContext } from './reports.export';
import { reportChart, reportPage, reportTotal } from './reports.service';
import './reports.store';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use una fecha AAAA-MM-DD.');
const Filters = {
  from: day.optional(),
  to: day.optional(),
  date: day.optional(),
  product: z.string().regex(/^[A-Za-z0-9]{1,10}$/).optional(),
  branch: z.string().regex(/^[A-Za-z0-9]{1,10}$/).optional(),
  status: z.string().regex(/^[A-Za-z_]{1,30}$/).optional(),
  holder: z.string().regex(/^[VEPvep]?-?[0-9]{3,15}$/, 'Indique la cédula con números (por ejemplo V-12345678).').optional(),
  user: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/).optional(),
};
const PageQuery = z.strictObject({
  ...Filters,
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(REPORT_PAGE_MAX).default(200),
  cursor: z.string().max(4000).regex(/^[A-Za-z0-9_-]+$/).optional(),
});
const ChartQuery = z.strictObject(Filters);
const ExportQuery = z.strictObject({ ...Filters, format: z.enum(['xlsx', 'csv', 'pdf']) });

const Cell = z.union([z.string(), z.number(), z.null()]);
const PageSchema = z.object({ rows: z.array(z.record(z.string(), Cell)), next: z.string().nullable(), total: z.number().int().nullable() });
const ChartSchema = z.object({
  chart: z
    .object({
      kind: z.enum(['bar', 'line', 'doughnut']),
      title: z.string(),
      money: z.boolean(),
      labels: z.array(z.string()),
      series: z.array(z.object({ label: z.string(), data: z.array(z.number()) })),
      note: z.string().optional().describe('Lo que el gráfico deja fuera cuando no puede seguir todos los filtros'),
    })
    .nullable(),
});
const CatalogueSchema = z.object({ reports: z.array(z.object({ id: z.enum(REPORT_IDS), title: z.string() }).passthrough()) });

const base = '/companies/:companyId/reports';
const op = (o: Omit<Parameters<typeof defineOperation>[0], 'tag' | 'auth'>) => defineOperation({ ...o, tag: 'reports', auth: 'bearer' });

export const catalogueOp = op({
  method: 'get', path: base, operationId: 'listReports',
  summary: 'Catálogo de reportes: columnas, filtros y gráfico de cada uno',
  success: { status: 200, description: 'Los reportes', schema: CatalogueSchema },
  errors: [403, 404],
});
export const pageOp = op({
  method: 'get', path: `${base}/:reportId`, operationId: 'getReportPage',
  summary: 'Una página de un reporte (cursor de la página anterior, o desplazamiento); la primera trae el total cuando no hay más páginas (si no, ver /total)',
  query: PageQuery,
  success: { status: 200, description: 'Filas', schema: PageSchema },
  errors: [400, 403, 404],
});
export const totalOp = op({
  method: 'get', path: `${base}/:reportId/total`, operationId: 'getReportTotal',
  summary: 'Cuántas filas tiene un reporte con sus filtros (null si solo leyéndolas todas se sabría)',
  query: ChartQuery,
  success: { status: 200, description: 'El total', schema: z.object({ total: z.number().int().nullable() }) },
  errors: [400, 403, 404],
});
export const chartOp = op({
  method: 'get', path: `${base}/:reportId/chart`, operationId: 'getReportChart',
  summary: 'Los datos del gráfico de un reporte con sus filtros',
  query: ChartQuery,
  success: { status: 200, description: 'Series del gráfico (null si el reporte no tiene)', schema: ChartSchema },
  errors: [400, 403, 404],
});
export const exportOp = op({
  method: 'get', path: `${base}/:reportId/export`, operationId: 'exportReport',
  summary: 'Descargar un reporte en XLSX, CSV o PDF (empresa, filtros y hora de generación en el archivo)',
  query: ExportQuery,
  success: { status: 200, description: 'El archivo' },
  errors: [400, 403, 404],
});

function reportIdOf(raw: unknown): ReportId {
  if (typeof raw === 'string' && (REPORT_IDS as readonly string[]).includes(raw)) return raw as ReportId;
  throw notFound('Reporte no encontrado.', 'REPORT_NOT_FOUND');
}

function filtersOf(q: Partial<Record<keyof typeof Filters, string>>, id: ReportId): ReportFilters {
  const allowed = new Set<string>(REPORTS[id].filters.flatMap((k) => (k === 'dates' ? ['from', 'to'] : [k])));
  const f: ReportFilters = {};
  for (const [k, v] of Object.entries(q)) if (v && allowed.has(k)) (f as Record<string, string>)[k] = v;
  return f;
}

const MIME = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
} as const;

export function reportsRouter(ctx: ServerContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);
  const can = requirePermission(ctx, 'companyId', 'reports.view');

  mountOperation(router, catalogueOp, auth, can, (_req, res) => {
    res.json({ reports: REPORT_IDS.map((id) => REPORTS[id]) });
  });
  mountOperation(router, pageOp, auth, can, async (req, res) => {
    const id = reportIdOf(req.params.reportId);
    const q = parseQuery(PageQuery, req);
    res.json(await reportPage(ctx, companyOf(res), id, filtersOf(q, id), { cursor: q.cursor, offset: q.offset, limit: q.limit }));
  });
  mountOperation(router, totalOp, auth, can, async (req, res) => {
    const id = reportIdOf(req.params.reportId);
    const q = parseQuery(ChartQuery, req);
    res.json({ total: await reportTotal(ctx, companyOf(res), id, filtersOf(q, id)) });
  });
  mountOperation(router, chartOp, auth, can, async (req, res) => {
    const id = reportIdOf(req.params.reportId);
    const q = parseQuery(ChartQuery, req);
    res.json({ chart: await reportChart(ctx, companyOf(res), id, filtersOf(q, id)) });
  });
  mountOperation(router, exportOp, auth, can, async (req, res) => {
    const id = reportIdOf(req.params.reportId);
    const q = parseQuery(ExportQuery, req);
    const companyId = companyOf(res);
    const company = (await accounts.getCompany(ctx, companyId))!;
    const x: ExportContext = { ctx, company, report: id, filters: filtersOf(q, id), generatedAt: ctx.now() };
    const stamp = x.generatedAt.toISOString().slice(0, 19).replace(/[-:T]/g, '');
    const name = `reporte-${id}-${stamp}.${q.format}`;
    const audit = (details: Record<string, unknown>, outcome: 'ok' | 'refused' = 'ok') =>
      auditRequest(ctx, req, res, { action: 'reports.export', outcome, details: { report: id, format: q.format, filters: x.filters, ...details } });
    if (q.format === 'pdf') {
      const { pdf, rows, truncated } = await reportPdf(x);
      await audit({ rows, truncated });
      res.setHeader('Content-Type', MIME.pdf);
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
      res.end(pdf);
      return;
    }
    // The first page is read before the headers go out, so a bad filter is still a clean 400.
    await reportPage(ctx, companyId, id, x.filters, { offset: 0, limit: 1 });
    res.setHeader('Content-Type', MIME[q.format]);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    try {
      const rows = q.format === 'xlsx' ? await writeReportXlsx(x, res) : await writeReportCsv(x, res);
      await audit({ rows });
    } catch (err) {
      await audit({ error: err instanceof Error ? err.message : String(err) }, 'refused').catch(() => undefined);
      res.destroy(err instanceof Error ? err : undefined);
    }
  });
  return router;
}
