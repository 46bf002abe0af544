import { Router, type RequestHandler, type Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { exampleFileFor, isLotType, LOT_LAYOUTS, LOT_TYPE_LABELS, MAX_FILE_BYTES, MAX_RECORDS, templateFor } from '../../src/domain/lots';
import { LOT_ID_PATTERN } from '../../src/domain/lots/lot.model';
import type { Permission } from '../../src/domain/permissions';
import { permissionsIn } from '../accounts/accounts.service';
import * as accounts from '../accounts/accounts.store';
import { recordAudit, requestOrigin } from '../audit/audit.service';
import { authOf, companyOf, requireAuth, requirePermission } from '../auth/auth.middleware';
import { invalid, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseBody, parseQuery } from '../http/validate';
import { defineOperation, mountOperation, type ApiOperation } from '../openapi/registry';
import { isCompanyId } from '../store/databases';
import { lotPdf, writeErrorsCsv, writeLotCsv, writeLotXlsx } from './lot-export';
import { receiveLotUpload } from './lot-upload';
import * as lots from './lots.service';
import {
  ConfirmationBody,
  ExampleQuery,
  ExportQuery,
  IDEMPOTENCY_KEY,
  LayoutsAnswerSchema,
  ListQuery,
  LotAnswerSchema,
  LotErrorsPageSchema,
  LotListAnswerSchema,
  LotRecordsPageSchema,
  PageQuery,
  PasswordBody,
  UploadFields,
} from './lots.schemas';
import { ZodError } from 'zod';

const LOT = '/companies/:companyId/lots/:lotId';

/** Reading a company's lots: any of these. */
export const LOT_READERS: Permission[] = ['lots.upload', 'lots.sign', 'lots.authorize', 'lots.delete', 'orders.view'];

// ---- operations --------------------------------------------------------------------------------------

export const uploadLotOp = defineOperation({
  method: 'post',
  path: '/companies/:companyId/lots',
  operationId: 'uploadLot',
  summary:
    'Cargar un lote: multipart/form-data con file (.txt), type (EMI|REC|CAR|REP|SUC) y productCode; cabecera Idempotency-Key opcional. ' +
    'Hasta 10.000 registros responde 201 ya validado; más, 202 VALIDATING (consultar el lote hasta VALID o INVALID).',
  tag: 'lots',
  auth: 'bearer',
  success: { status: 201, description: 'El lote (202 con status VALIDATING para archivos grandes)', schema: LotAnswerSchema },
  idempotency: 'own', // Idempotency-Key kept with the lot (lots.service uploadLot)
  errors: [400, 404, 409, 413],
});

export const listLotsOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/lots',
  operationId: 'listLots',
  summary: 'Lotes de la empresa (filtros: estado, tipo, fechas de carga); sin status no incluye los eliminados',
  tag: 'lots',
  auth: 'bearer',
  query: ListQuery,
  success: { status: 200, description: 'Lotes, del más reciente al más antiguo', schema: LotListAnswerSchema },
  errors: [400, 404],
});

export const getLotOp = defineOperation({
  method: 'get',
  path: LOT,
  operationId: 'getLot',
  summary: 'Un lote, con sus primeros 1.000 errores y su progreso de validación',
  tag: 'lots',
  auth: 'bearer',
  success: { status: 200, description: 'El lote', schema: LotAnswerSchema },
  errors: [404],
});

export const lotErrorsOp = defineOperation({
  method: 'get',
  path: `${LOT}/errors`,
  operationId: 'getLotErrors',
  summary: 'Todos los errores de validación del lote, paginados (limit ≤ 1000)',
  tag: 'lots',
  auth: 'bearer',
  query: PageQuery,
  success: { status: 200, description: 'Una página de errores', schema: LotErrorsPageSchema },
  errors: [400, 404],
});

export const lotErrorsCsvOp = defineOperation({
  method: 'get',
  path: `${LOT}/errors.csv`,
  operationId: 'getLotErrorsCsv',
  summary: 'Reporte de errores en CSV (línea;campo;código;mensaje, UTF-8 con BOM)',
  tag: 'lots',
  auth: 'bearer',
  success: { status: 200, description: 'text/csv' },
  errors: [404],
});

export const lotRecordsOp = defineOperation({
  method: 'get',
  path: `${LOT}/records`,
  operationId: 'getLotRecords',
  summary: 'Registros del lote, paginados (limit ≤ 1000), con sus errores y su resultado de proceso',
  tag: 'lots',
  auth: 'bearer',
  query: PageQuery,
  success: { status: 200, description: 'Una página de registros', schema: LotRecordsPageSchema },
  errors: [400, 404],
});

export const lotExportOp = defineOperation({
  method: 'get',
  path: `${LOT}/export`,
  operationId: 'exportLot',
  summary: 'Detalle del lote (registros, errores, resultados) en XLSX, CSV o PDF',
  tag: 'lots',
  auth: 'bearer',
  query: ExportQuery,
  success: { status: 200, description: 'El archivo' },
  errors: [400, 404],
});

export const confirmLotOp = defineOperation({
  method: 'post',
  path: `${LOT}/confirmation`,
  operationId: 'confirmLot',
  summary: 'Confirmar un lote VALID (quien lo cargó; contraseña; EMI: dos líneas de grabado; REC/CAR: concepto) → PENDING_AUTHORIZATION',
  tag: 'lots',
  auth: 'bearer',
  body: ConfirmationBody,
  success: { status: 200, description: 'El lote', schema: LotAnswerSchema },
  errors: [404, 409, 423],
});

/** A lot action the caller confirms with their password: same body, answer and refusals for all four. */
function passwordActionOp(method: 'post' | 'delete', path: string, operationId: string, summary: string, answer = 'El lote') {
  return defineOperation({
    method,
    path,
    operationId,
    summary,
    tag: 'lots',
    auth: 'bearer',
    body: PasswordBody,
    success: { status: 200, description: answer, schema: LotAnswerSchema },
    errors: [404, 409, 423],
  });
}

export const signLotOp = passwordActionOp('post', `${LOT}/signatures`, 'signLot', 'Firmar un lote pendiente de autorización (lots.sign; contraseña)');

export const withdrawSignatureOp = passwordActionOp(
  'delete',
  `${LOT}/signatures/mine`,
  'withdrawLotSignature',
  'Retirar la firma propia mientras el lote no esté autorizado (contraseña)',
);

export const authorizeLotOp = passwordActionOp(
  'post',
  `${LOT}/authorization`,
  'authorizeLot',
  'Autorizar un lote con las firmas que pide la política (lots.authorize; contraseña) → AUTHORIZED',
);

export const deleteLotOp = passwordActionOp(
  'delete',
  LOT,
  'deleteLot',
  'Eliminar un lote no autorizado (lots.delete, o quien lo cargó si está VALID o INVALID; contraseña)',
  'El lote, DELETED',
);

export const layoutsOp = defineOperation({
  method: 'get',
  path: '/lot-layouts',
  operationId: 'getLotLayouts',
  summary: 'Los diseños de registro de cada tipo de lote (la misma definición que usa el validador)',
  tag: 'lots',
  auth: 'none',
  success: { status: 200, description: 'Diseños, nombres de los tipos y límites', schema: LayoutsAnswerSchema },
  errors: [],
});

export const templateOp = defineOperation({
  method: 'get',
  path: '/lot-layouts/:type/template.txt',
  operationId: 'getLotTemplate',
  summary: 'Plantilla .txt de un tipo de lote (encabezado y una línea de detalle con el nombre de cada campo)',
  tag: 'lots',
  auth: 'none',
  success: { status: 200, description: 'text/plain' },
  errors: [404],
});

export const exampleOp = defineOperation({
  method: 'get',
  path: '/lot-layouts/:type/example.txt',
  operationId: 'getLotExample',
  summary: 'Archivo de ejemplo válido de un tipo de lote, con el RIF de la empresa (companyId) y un producto suyo',
  tag: 'lots',
  auth: 'bearer',
  query: ExampleQuery,
  success: { status: 200, description: 'text/plain' },
  errors: [400, 404],
});

// ---- helpers ------------------------------------------------------------------------------------------

/** requirePermission() for the first of `perms` the caller holds (so its 404/403 rules apply unchanged). */
function requireAnyPermission(ctx: ServerContext, perms: Permission[]): RequestHandler {
  const checks = new Map(perms.map((p) => [p, requirePermission(ctx, 'companyId', p)]));
  return (req, res, next) => {
    const granted = permissionsIn(authOf(res).user, String(req.params.companyId ?? '')) ?? [];
    const pick = perms.find((p) => granted.includes(p)) ?? perms[0];
    return checks.get(pick)!(req, res, next);
  };
}

function actorOf(res: Response): lots.Actor {
  return { user: authOf(res).user, companyId: companyOf(res) };
}

function lotIdOf(raw: unknown): string {
  const id = String(raw ?? '');
  if (!LOT_ID_PATTERN.test(id)) throw lots.lotNotFound();
  return id;
}

const dayStart = (d: string) => (d.length === 10 ? `${d}T00:00:00.000Z` : new Date(d).toISOString());
const dayAfter = (d: string) =>
  d.length === 10 ? new Date(Date.parse(`${d}T00:00:00.000Z`) + 86_400_000).toISOString() : new Date(Date.parse(d) + 1).toISOString();

function attachment(res: Response, contentType: string, fileName: string) {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
}

// ---- router -------------------------------------------------------------------------------------------

export function lotsRouter(ctx: ServerContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);
  const readers = requireAnyPermission(ctx, LOT_READERS);

  mountOperation(router, uploadLotOp, auth, requirePermission(ctx, 'companyId', 'lots.upload'), async (req, res) => {
    const key = req.get('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw invalid('IDEMPOTENCY_KEY', 'La cabecera Idempotency-Key debe tener de 1 a 128 caracteres: letras, dígitos, _ - : .');
    }
    const actor = actorOf(res);
    const lotId = lots.newLotId(ctx.now());
    const upload = await receiveLotUpload(req, path.join(ctx.config.uploadsDir, actor.companyId), lotId);
    let fields;
    try {
      fields = UploadFields.parse(upload.fields);
    } catch (err) {
      await fs.promises.rm(upload.partPath, { force: true });
      if (err instanceof ZodError) {
        await recordAudit(ctx, {
          userId: actor.user.userId,
          companyId: actor.companyId,
          action: 'lots.upload',
          outcome: 'refused',
          reason: 'VALIDATION',
          ...requestOrigin(req),
        });
      }
      throw err;
    }
    const answer = await lots.uploadLot(
      ctx,
      actor,
      { lotType: fields.type, productCode: fields.productCode, idempotencyKey: key, upload },
      requestOrigin(req),
    );
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `/api/v1/companies/${actor.companyId}/lots/${answer.body.id}`);
    res.status(answer.status).json(answer.body);
  });

  mountOperation(router, listLotsOp, auth, readers, async (req, res) => {
    const q = parseQuery(ListQuery, req);
    const items = await lots.listLotItems(ctx, actorOf(res), {
      status: q.status,
      lotType: q.type,
      from: q.from ? dayStart(q.from) : undefined,
      to: q.to ? dayAfter(q.to) : undefined,
    });
    res.json({ lots: items });
  });

  mountOperation(router, getLotOp, auth, readers, async (req, res) => {
    res.json(await lots.getLotSummary(ctx, actorOf(res), lotIdOf(req.params.lotId)));
  });

  mountOperation(router, lotErrorsOp, auth, readers, async (req, res) => {
    const q = parseQuery(PageQuery, req);
    res.json(await lots.lotErrorsPage(ctx, actorOf(res), lotIdOf(req.params.lotId), q.offset, q.limit));
  });

  mountOperation(router, lotErrorsCsvOp, auth, readers, async (req, res) => {
    const actor = actorOf(res);
    const lot = await lots.getLotDoc(ctx, actor, lotIdOf(req.params.lotId));
    await auditExport(ctx, actor, lot.id, 'errors.csv', req);
    attachment(res, 'text/csv; charset=utf-8', `errores-${lot.id}.csv`);
    await writeErrorsCsv(ctx, lot, res);
  });

  mountOperation(router, lotRecordsOp, auth, readers, async (req, res) => {
    const q = parseQuery(PageQuery, req);
    res.json(await lots.lotRecordsPage(ctx, actorOf(res), lotIdOf(req.params.lotId), q.offset, q.limit));
  });

  mountOperation(router, lotExportOp, auth, readers, async (req, res) => {
    const { format } = parseQuery(ExportQuery, req);
    const actor = actorOf(res);
    const lot = await lots.getLotDoc(ctx, actor, lotIdOf(req.params.lotId));
    const company = (await accounts.getCompany(ctx, actor.companyId))!;
    const x = { company, lot, generatedAt: ctx.now() };
    await auditExport(ctx, actor, lot.id, format, req);
    if (format === 'pdf') {
      const pdf = await lotPdf(ctx, x);
      attachment(res, 'application/pdf', `lote-${lot.id}.pdf`);
      res.end(pdf);
    } else if (format === 'csv') {
      attachment(res, 'text/csv; charset=utf-8', `lote-${lot.id}.csv`);
      await writeLotCsv(ctx, x, res);
    } else {
      attachment(res, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `lote-${lot.id}.xlsx`);
      await writeLotXlsx(ctx, x, res);
    }
  });

  mountOperation(router, confirmLotOp, auth, requirePermission(ctx, 'companyId', 'lots.upload'), async (req, res) => {
    const body = parseBody(ConfirmationBody, req);
    res.json(await lots.confirmLot(ctx, actorOf(res), lotIdOf(req.params.lotId), body, requestOrigin(req)));
  });

  // Password-confirmed actions: who may try (the guard) and what the service decides.
  const passwordActions: [ApiOperation, RequestHandler, typeof lots.signLot][] = [
    [signLotOp, requirePermission(ctx, 'companyId', 'lots.sign'), lots.signLot],
    [withdrawSignatureOp, requirePermission(ctx, 'companyId', 'lots.sign'), lots.withdrawSignature],
    [authorizeLotOp, requirePermission(ctx, 'companyId', 'lots.authorize'), lots.authorizeLot],
    [deleteLotOp, requireAnyPermission(ctx, ['lots.delete', 'lots.upload']), lots.deleteLot],
  ];
  for (const [op, guard, act] of passwordActions) {
    mountOperation(router, op, auth, guard, async (req, res) => {
      const { password } = parseBody(PasswordBody, req);
      res.json(await act(ctx, actorOf(res), lotIdOf(req.params.lotId), password, requestOrigin(req)));
    });
  }

  // ---- layouts and files to download (PRODUCT.md chapter 2) ----

  mountOperation(router, layoutsOp, (_req, res) => {
    res.json({ layouts: LOT_LAYOUTS, typeLabels: LOT_TYPE_LABELS, maxFileBytes: MAX_FILE_BYTES, maxRecords: MAX_RECORDS });
  });

  const typeOf = (raw: unknown) => {
    const type = String(raw ?? '').toUpperCase();
    if (!isLotType(type)) throw notFound('Tipo de lote desconocido: use EMI, REC, CAR, REP o SUC.', 'LOT_TYPE_NOT_FOUND');
    return type;
  };

  mountOperation(router, templateOp, (req, res) => {
    const type = typeOf(req.params.type);
    attachment(res, 'text/plain; charset=utf-8', `plantilla-${type}.txt`);
    res.send(templateFor(type));
  });

  mountOperation(router, exampleOp, auth, async (req, res) => {
    const type = typeOf(req.params.type);
    const q = parseQuery(ExampleQuery, req);
    const missing = () => notFound('Empresa no encontrada.', 'COMPANY_NOT_FOUND');
    if (!isCompanyId(q.companyId) || !permissionsIn(authOf(res).user, q.companyId)) throw missing();
    const company = await accounts.getCompany(ctx, q.companyId);
    if (!company) throw missing();
    const products = (await accounts.listProducts(ctx, [q.companyId])).filter((p) => p.status === 'active').sort((a, b) => a.code.localeCompare(b.code));
    const product = q.productCode ? products.find((p) => p.code === q.productCode) : products[0];
    if (!product) throw notFound('Producto no encontrado.', 'PRODUCT_NOT_FOUND');
    attachment(res, 'text/plain; charset=utf-8', `ejemplo-${type}-${product.code}.txt`);
    res.send(exampleFileFor(type, company.taxId, product.code));
  });

  return router;
}

async function auditExport(ctx: ServerContext, actor: lots.Actor, lotId: string, format: string, req: Parameters<typeof requestOrigin>[0]) {
  await recordAudit(ctx, { userId: actor.user.userId, companyId: actor.companyId, action: 'lots.export', outcome: 'ok', details: { lotId, format }, ...requestOrigin(req) });
}
