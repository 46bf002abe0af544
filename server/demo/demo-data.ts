import { PERMISSIONS, type Permission } from '../../src/domain/permissions';
import type { CompanyInput, ProductInput } from '../accounts/accounts.model';

/** The demo of API.md "Demo data", exactly. Its company id is fixed so tests and docs can name it. */
export const DEMO_COMPANY_ID = 'cdemo000001';

export const DEMO_COMPANY: CompanyInput = {
  id: DEMO_COMPANY_ID,
  taxId: 'J000000001',
  legalName: 'Alimentos Demo C.A.',
  tradeName: 'Alimentos Demo',
  address: 'Av. Francisco de Miranda, Torre Demo, piso 5, Caracas',
  phone: '+58 212 555 0100',
  contact: { name: 'María Pérez', email: 'rrhh@alimentos-demo.example', phone: '+58 212 555 0101' },
  authorizationPolicy: { signaturesRequired: 1 },
  newDeviceCodeRequired: false,
  status: 'active',
};

const DEMO_FEES = { issuanceFeeCents: 250, commissionBasisPoints: 150, taxBasisPoints: 1600 };

/** master transfers: 1.00 per transfer, 1.00 to 3000.00 per card movement, no daily or weekly limits */
const DEMO_TRANSFERS = {
  feeCents: 100,
  minAmountCents: 100,
  maxAmountCents: 300_000,
  dailyAmountCents: null,
  dailyCount: null,
  weeklyAmountCents: null,
  weeklyCount: null,
};

export const DEMO_PRODUCTS: ProductInput[] = [
  {
    code: 'ALIM',
    name: 'Alimentación',
    kind: 'meal',
    bin: '627100',
    limits: {
      maxLoadCents: 500_000,
      maxRechargeCents: 300_000,
      maxRecordsPerFile: 1_000_000,
      dailyCardsIssued: null,
      dailyAmountCents: null,
      monthlyAmountCents: null,
    },
    fees: DEMO_FEES,
    transfers: DEMO_TRANSFERS,
  },
  {
    code: 'REGA',
    name: 'Regalo',
    kind: 'gift',
    bin: '627101',
    limits: {
      maxLoadCents: 500_000,
      maxRechargeCents: 300_000,
      maxRecordsPerFile: 1_000_000,
      dailyCardsIssued: null,
      dailyAmountCents: null,
      monthlyAmountCents: null,
    },
    fees: DEMO_FEES,
    transfers: DEMO_TRANSFERS,
  },
];

export const DEMO_BRANCHES = [
  { code: '001', name: 'Caracas Centro', city: 'Caracas' },
  { code: '002', name: 'Valencia', city: 'Valencia' },
];

export const DEMO_MASTER_BALANCES: Record<string, number> = { ALIM: 10_000_000, REGA: 0 };

export const DEMO_FUNDING_ACCOUNT = {
  id: 'principal',
  bankName: 'Banco Demo',
  accountNumberMasked: '0102********5678',
  holderName: 'Alimentos Demo C.A.',
  holderTaxId: 'J000000001',
};

export const DEMO_CARDHOLDER_COUNT = 200;
export const DEMO_FIRST_ID_NUMBER = 10_000_001;

const SIGNER_COMMON: Permission[] = [
  'lots.delete',
  'orders.view',
  'orders.create',
  'orders.cancel',
  'orders.pay',
  'transfers.execute',
  'cards.view',
  'cards.manage',
  'reports.view',
];

export interface DemoUser {
  userId: string;
  password: string;
  name: string;
  email: string;
  role: 'operator' | 'company';
  permissions: Permission[];
}

export const DEMO_USERS: DemoUser[] = [
  { userId: 'operador', password: 'Operador#2026', name: 'Operador del Programa', email: 'operador@conexion-empresas.example', role: 'operator', permissions: [] },
  { userId: 'carga', password: 'Carga#2026', name: 'Carlos Carga', email: 'carga@alimentos-demo.example', role: 'company', permissions: ['lots.upload', 'cards.view', 'reports.view'] },
  { userId: 'firma1', password: 'Firma1#2026', name: 'Fabiola Firma', email: 'firma1@alimentos-demo.example', role: 'company', permissions: ['lots.sign', ...SIGNER_COMMON] },
  { userId: 'firma2', password: 'Firma2#2026', name: 'Fernando Firma', email: 'firma2@alimentos-demo.example', role: 'company', permissions: ['lots.authorize', ...SIGNER_COMMON] },
  { userId: 'admin', password: 'Admin#2026', name: 'Ana Administradora', email: 'admin@alimentos-demo.example', role: 'company', permissions: [...PERMISSIONS] },
];

const FIRST_NAMES = ['José', 'María', 'Luis', 'Carmen', 'Carlos', 'Ana', 'Pedro', 'Rosa', 'Jesús', 'Luisa', 'Miguel', 'Yelitza', 'Andrés', 'Daniela', 'Rafael', 'Gabriela', 'Jorge', 'Valentina', 'Manuel', 'Patricia'];
const LAST_NAMES = ['González', 'Rodríguez', 'Pérez', 'Hernández', 'García', 'Martínez', 'López', 'Díaz', 'Ramírez', 'Sánchez', 'Torres', 'Rojas', 'Morales', 'Castillo', 'Medina'];

/** Cardholder i (0-based): V 10000001 + i, a name, a branch. */
export function demoCardholder(i: number) {
  return {
    idType: 'V' as const,
    idNumber: String(DEMO_FIRST_ID_NUMBER + i),
    firstName: FIRST_NAMES[i % FIRST_NAMES.length],
    lastName: `${LAST_NAMES[(i * 7) % LAST_NAMES.length]} ${LAST_NAMES[(i * 3 + 5) % LAST_NAMES.length]}`,
    branchCode: i % 2 === 0 ? '001' : '002',
  };
}
