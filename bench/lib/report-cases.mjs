// Every report of the catalogue once, with the filters the report benches time it by (the seeds of
// bench/reports.mjs and bench/reports-ledger.mjs span 2026 and hold the holder and branches named).
export const REPORT_CASES = [
  ['cardholders', {}],
  ['cards-issued', { from: '2026-01-01', to: '2026-12-31' }],
  ['recharges', { from: '2026-01-01', to: '2026-12-31' }],
  ['debits', { from: '2026-01-01', to: '2026-12-31' }],
  ['replacements', {}],
  ['lot-status', {}],
  ['orders', {}],
  ['invoiced-lots', {}],
  ['master-statement', { product: 'ALIM' }],
  ['card-balances', { date: '2026-06-30' }],
  ['card-statement', { holder: 'V-70000007' }],
  ['cards-by-status', {}],
  ['user-activity', {}],
];
