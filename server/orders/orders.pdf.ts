import type { OrderDoc } from '../../src/domain/orders/order.model';
import { formatCents } from '../../src/domain/money';
import { LOT_TYPE_LABELS } from '../../src/domain/lots/layouts';
import type { CompanyDoc } from '../accounts/accounts.model';
import { PDF_FONT, renderPdf } from '../pdf/pdfmake';
import { ORDER_STATUS_LABEL } from './orders.errors';


/** dd/mm/yyyy in Venezuela's time (UTC−4, no daylight saving). */
export function dateEsVe(iso: string): string {
  const d = new Date(Date.parse(iso) - 4 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const money = (cents: number) => `Bs. ${formatCents(cents, 'es')}`;

/** The service order as PDF: company, number, date, lots, every figure (es-VE), amount to deposit. */
export async function orderPdf(company: CompanyDoc, order: OrderDoc): Promise<Buffer> {
  const f = order.figures;
  const lotRows = order.lots.map((l) => [
    l.lotId,
    `${l.lotType} — ${LOT_TYPE_LABELS[l.lotType]}`,
    String(l.recordCount),
    { text: formatCents(l.rechargeCents), alignment: 'right' },
    { text: formatCents(l.issuanceFeesCents), alignment: 'right' },
    { text: formatCents(l.commissionCents), alignment: 'right' },
    { text: formatCents(l.taxCents), alignment: 'right' },
    { text: formatCents(l.totalCents), alignment: 'right' },
  ]);
  const figure = (label: string, cents: number, bold = false) => [{ text: label, bold }, { text: money(cents), alignment: 'right', bold }];
  const doc = {
    info: { title: `Orden de servicio ${order.number}`, author: 'Conexión Empresas' },
    pageSize: 'LETTER',
    pageOrientation: 'landscape',
    defaultStyle: { font: PDF_FONT, fontSize: 9 },
    content: [
      { text: 'Conexión Empresas', fontSize: 10, color: '#555555' },
      { text: `Orden de servicio Nº ${order.number}`, fontSize: 16, bold: true, margin: [0, 4, 0, 8] },
      {
        columns: [
          [
            { text: company.legalName, bold: true },
            `RIF: ${company.taxId}`,
            company.address,
          ],
          [
            `Fecha: ${dateEsVe(order.createdAt)}`,
            `Estado: ${ORDER_STATUS_LABEL[order.status]}`,
            `Producto: ${order.productCode}`,
            order.invoice ? `Factura Nº ${order.invoice.number}` : 'Factura: pendiente',
          ],
        ],
        margin: [0, 0, 0, 10],
      },
      {
        table: {
          headerRows: 1,
          widths: ['auto', '*', 'auto', 'auto', 'auto', 'auto', 'auto', 'auto'],
          body: [
            ['Lote', 'Tipo', 'Registros', 'Monto de recarga', 'Comisión de emisión', 'Comisión de recarga', 'Impuesto', 'Total'].map((t) => ({ text: t, bold: true })),
            ...lotRows,
          ],
        },
        layout: 'lightHorizontalLines',
        margin: [0, 0, 0, 12],
      },
      {
        table: {
          widths: [200, 120],
          body: [
            figure('Monto de recarga', f.rechargeCents),
            figure('Comisión de emisión', f.issuanceFeesCents),
            figure('Comisión de recarga', f.commissionCents),
            figure('Impuesto sobre comisiones', f.taxCents),
            figure('Total de la orden', f.totalCents, true),
            figure('Monto a depositar', f.amountToDepositCents, true),
          ],
        },
        layout: 'noBorders',
      },
      ...(order.lots.some((l) => !l.billable)
        ? [{ text: `Lotes no facturables: ${order.lots.filter((l) => !l.billable).map((l) => l.lotId).join(', ')}`, margin: [0, 8, 0, 0] }]
        : []),
    ],
  };
  return renderPdf(doc);
}
