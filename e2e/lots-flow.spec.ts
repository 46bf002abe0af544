import { expect, test } from '@playwright/test';
import { chooseLotFile, phoneOf, rowWith, stepUp } from './support/lots';

const BAD_REC = [
  'H;J000000001;ALIM;REC;20261125;3;100.00',
  'D;V;10000001;15OO.00', // letters in the amount
  'D;X;10000002;10.00', // unknown id type
  'D;V;10000001;5.00', // the same person twice
  '',
].join('\r\n');

// Two new cardholders (not among the demo's 200), as in LOT-FILES.md's example.
const EMI = [
  'H;J000000001;ALIM;EMI;20261125;2;1500.00',
  'D;V;20000001;María José;Pérez Ñáñez;19900214;mj.perez@example.com;04141234567;001;1000.00',
  'D;P;AB123456;John;O\'Neil;19851130;;;002;500.00',
  '',
].join('\r\n');

test.describe.configure({ mode: 'serial' });

test('a lot from upload to processed cards: carga uploads and confirms, firma1 signs, firma2 authorizes and orders, the operator records the payment', async ({ browser }) => {
  test.setTimeout(180_000);

  // carga: a file with errors is shown by line on the device, and kept INVALID by the server
  const carga = await phoneOf(browser, 'carga');
  await chooseLotFile(carga, 'REC', 'recarga-con-errores.txt', BAD_REC);
  const local = carga.getByTestId('check-result');
  await expect(local).toContainText('El archivo tiene 3 errores');
  await expect(local).toContainText('Línea 2, campo amount: el monto debe tener el formato 1500.00');
  await expect(local).toContainText('Línea 3, campo idType');
  await expect(local).toContainText('Línea 4, campo idNumber: la persona «V10000001» ya aparece en la línea 2');
  await carga.getByTestId('send').click();
  await expect(carga.getByTestId('server-result')).toContainText('inválido: 3 errores', { timeout: 30_000 });
  await expect(carga.getByTestId('server-result')).toContainText('Línea 2, campo amount');

  // carga: a valid EMI lot, uploaded and confirmed with the two embossing lines
  await chooseLotFile(carga, 'EMI', 'emision-noviembre.txt', EMI);
  await carga.getByTestId('send').click();
  await expect(carga.getByTestId('server-result')).toContainText('válido: 2 registros por 1.500,00', { timeout: 30_000 });
  const lotId = /Lote (L\w+) válido/.exec((await carga.getByTestId('server-result').textContent()) ?? '')![1];
  await carga.goto('/operaciones/bandeja');
  // on a phone the grid shows status and lot id; other columns scroll in
  await rowWith(carga, lotId).locator('.ag-selection-checkbox').click();
  await carga.getByTestId('tray-confirm').click();
  await stepUp(carga, 'carga', { embossLine1: 'ALIMENTOS DEMO', embossLine2: 'BENEFICIO ALIMENTACION' });
  await carga.context().close();

  // firma1 signs (policy: one signature)
  const firma1 = await phoneOf(browser, 'firma1');
  await firma1.goto('/operaciones/autorizacion');
  await rowWith(firma1, lotId).locator('.ag-selection-checkbox').click();
  await firma1.getByTestId('act-sign').click();
  await stepUp(firma1, 'firma1');
  await expect(firma1.getByTestId('batch-results')).toBeVisible();
  await firma1.context().close();

  // firma2 authorizes, calculates and generates the order with the e-mailed code, downloads the PDF
  const firma2 = await phoneOf(browser, 'firma2');
  await firma2.goto('/operaciones/autorizacion');
  await firma2.getByRole('tab', { name: 'Por autorizar' }).click();
  await rowWith(firma2, lotId).locator('.ag-selection-checkbox').click();
  await firma2.getByTestId('act-authorize').click();
  await stepUp(firma2, 'firma2');
  await expect(firma2.getByTestId('batch-results')).toBeVisible();

  await firma2.goto('/operaciones/orden-de-servicio');
  await rowWith(firma2, lotId).locator('.ag-selection-checkbox').click();
  await firma2.getByTestId('calculate').click();
  // 1,500.00 loads + 2 × 2.50 issuance + 1.50 % commission (22.50) + 16 % tax on 27.50 (4.40)
  await expect(firma2.getByTestId('figure-amountToDepositCents').first()).toContainText('1.531,90');
  await firma2.getByTestId('generate').click();
  await stepUp(firma2, 'firma2', {}, true);
  await firma2.getByTestId('generated').locator('a').first().click();
  await expect(firma2.getByTestId('order-status')).toContainText('Pendiente');
  const orderUrl = new URL(firma2.url()).pathname;
  const download = firma2.waitForEvent('download');
  await firma2.getByTestId('pdf').click();
  expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
  await firma2.context().close();

  // the operator records the payment received: the order is paid and the lot is processed
  const operador = await phoneOf(browser, 'operador');
  await operador.goto(orderUrl);
  await operador.getByTestId('record-payment').click();
  await operador.getByTestId('payment-reference').fill('TRF-20261125-001');
  await operador.getByTestId('operator-submit').click();
  await expect(operador.getByTestId('order-status')).toContainText('Pagada');

  await operador.goto(`/consultas/lotes/${lotId}`);
  await expect(operador.getByTestId('lot-status')).toContainText('Procesado', { timeout: 60_000 });
  await operador.context().close();
});

test('the new cards exist, with masked numbers only', async ({ request }) => {
  const firma2 = await (await request.post('/api/v1/auth/login', { data: { userId: 'firma2', password: 'Firma2#2026' } })).json();
  const companyId = firma2.user.companies[0].id;
  const answer = await request.get(`/api/v1/companies/${companyId}/cards?q=20000001`, {
    headers: { authorization: `Bearer ${firma2.accessToken}` },
  });
  expect(answer.status()).toBe(200);
  const body = await answer.text();
  const [card] = JSON.parse(body).items;
  expect(card.holder.idNumber).toBe('20000001');
  expect(card.maskedPan).toMatch(/^627100\*{6}\d{4}$/); // the product's BIN, first 6 + last 4
  expect(card.balanceCents).toBe(100_000); // the 1,000.00 initial load
  expect(body).not.toMatch(/(?<![A-Za-z0-9])\d{13,19}(?![A-Za-z0-9])/); // never a full card number
});
