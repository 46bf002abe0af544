/**
 * Money accounts of a company, in co_<companyId>_accounts:
 *   account:<productCode>   the product's master account (balance in integer cents, MVCC-updated)
 *   funding:<id>            a registered bank account the master accounts are funded from
 */
import type { ActiveStatus } from '../../src/domain/statuses';

export interface MasterAccountDoc {
  _id: string;
  _rev?: string;
  type: 'account';
  productCode: string;
  balanceCents: number;
  createdAt: string;
  updatedAt: string;
}

export interface FundingAccountDoc {
  _id: string;
  _rev?: string;
  type: 'funding';
  id: string;
  bankName: string;
  /** never the full account number */
  accountNumberMasked: string;
  holderName: string;
  holderTaxId: string;
  status: ActiveStatus;
  createdAt: string;
}

export const masterAccountDocId = (productCode: string) => `account:${productCode}`;
export const fundingAccountDocId = (id: string) => `funding:${id}`;
