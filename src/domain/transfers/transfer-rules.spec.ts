import { checkMovementAmount, checkPeriodLimits, currentUsage, masterDebitOf, periodsOf, previewTransfer } from './transfer-rules';
import { DEFAULT_TRANSFER_SETTINGS, TransferSettingsSchema } from './transfer-settings';

describe('master transfer rules', () => {
  it('counts days and weeks in Caracas time (UTC−4), weeks from Monday', () => {
    // 03:59 UTC on Thursday 2026-11-26 is still Wednesday 23:59 in Caracas
    expect(periodsOf(new Date('2026-11-26T03:59:00Z'))).toEqual({ day: '2026-11-25', week: 'W2026-11-23' });
    expect(periodsOf(new Date('2026-11-26T04:00:00Z'))).toEqual({ day: '2026-11-26', week: 'W2026-11-23' });
    // Sunday 23:59 Caracas belongs to the week that started on Monday; Monday 00:00 starts the next
    expect(periodsOf(new Date('2026-11-30T03:59:00Z')).week).toBe('W2026-11-23');
    expect(periodsOf(new Date('2026-11-30T04:00:00Z')).week).toBe('W2026-11-30');
  });

  it('starts the counters again in a new day or week', () => {
    const stored = { day: '2026-11-25', dayAmountCents: 5, dayCount: 1, week: 'W2026-11-23', weekAmountCents: 9, weekCount: 3 };
    expect(currentUsage(stored, { day: '2026-11-26', week: 'W2026-11-23' })).toEqual({ ...stored, day: '2026-11-26', dayAmountCents: 0, dayCount: 0 });
    expect(currentUsage(stored, { day: '2026-11-30', week: 'W2026-11-30' }).weekCount).toBe(0);
    expect(currentUsage(null, { day: 'd', week: 'w' })).toEqual({ day: 'd', dayAmountCents: 0, dayCount: 0, week: 'w', weekAmountCents: 0, weekCount: 0 });
  });

  it('checks each amount against the inclusive minimum and maximum', () => {
    const s = { ...DEFAULT_TRANSFER_SETTINGS, minAmountCents: 100, maxAmountCents: 200 };
    expect(checkMovementAmount(99, s)?.code).toBe('AMOUNT_BELOW_MIN');
    expect(checkMovementAmount(100, s)).toBeNull();
    expect(checkMovementAmount(200, s)).toBeNull();
    expect(checkMovementAmount(201, s)?.code).toBe('AMOUNT_ABOVE_MAX');
    expect(checkMovementAmount(201, s)?.message).toBe('El monto máximo por movimiento es 2,00.');
  });

  it('allows reaching a period limit exactly, refuses going past it', () => {
    const usage = currentUsage(null, { day: 'd', week: 'w' });
    const s = { ...DEFAULT_TRANSFER_SETTINGS, dailyAmountCents: 1_000, dailyCount: 2, weeklyAmountCents: 5_000, weeklyCount: 10 };
    expect(checkPeriodLimits(usage, s, 1_000, 2).refusal).toBeNull();
    expect(checkPeriodLimits(usage, s, 1_001, 1).refusal?.code).toBe('DAILY_AMOUNT_LIMIT');
    expect(checkPeriodLimits(usage, s, 10, 3).refusal?.code).toBe('DAILY_COUNT_LIMIT');
    const busyWeek = { ...usage, weekAmountCents: 4_500, weekCount: 9 };
    expect(checkPeriodLimits(busyWeek, s, 501, 1).refusal?.code).toBe('WEEKLY_AMOUNT_LIMIT');
    expect(checkPeriodLimits(busyWeek, s, 500, 2).refusal?.code).toBe('WEEKLY_COUNT_LIMIT');
    expect(checkPeriodLimits(busyWeek, s, 500, 1).after).toEqual({ ...busyWeek, dayAmountCents: 500, dayCount: 1, weekAmountCents: 5_000, weekCount: 10 });
  });

  it('previews balances: credits leave the master account with the fee, debits come back minus the fee', () => {
    const lines = [
      { card: { cardId: 'a', balanceCents: 0 }, amountCents: 1_000 },
      { card: { cardId: 'b', balanceCents: 500 }, amountCents: 250 },
    ];
    const credit = previewTransfer('credit', 10_000, lines, 100);
    expect(credit.master).toEqual({ beforeCents: 10_000, afterCents: 8_650 });
    expect(credit.cards.map((c) => c.afterCents)).toEqual([1_000, 750]);
    const debit = previewTransfer('debit', 10_000, lines, 100);
    expect(debit.master.afterCents).toBe(11_150);
    expect(debit.cards.map((c) => c.afterCents)).toEqual([-1_000, 250]);
    expect(masterDebitOf('credit', [1_000, 250], 100)).toBe(1_350);
    expect(masterDebitOf('debit', [1_000, 250], 100)).toBe(100);
  });

  it('refuses settings whose maximum is below the minimum', () => {
    expect(TransferSettingsSchema.safeParse({ ...DEFAULT_TRANSFER_SETTINGS, minAmountCents: 500, maxAmountCents: 499 }).success).toBeFalse();
    expect(TransferSettingsSchema.safeParse({ ...DEFAULT_TRANSFER_SETTINGS, minAmountCents: 500, maxAmountCents: 500 }).success).toBeTrue();
    expect(TransferSettingsSchema.safeParse({ ...DEFAULT_TRANSFER_SETTINGS, feeCents: 1.5 }).success).toBeFalse();
  });
});
