import { HttpErrorResponse } from '@angular/common/http';
import { of, throwError } from 'rxjs';
import { runPerLot } from './batch';

const refused = (status: number, code: string, message = 'motivo del servidor') =>
  throwError(() => new HttpErrorResponse({ status, error: { error: { code, message } } }));

describe('runPerLot (one password, one call per lot)', () => {
  it('calls each lot in order and reports done', async () => {
    const calls: string[] = [];
    const results = await runPerLot(['L1', 'L2', 'L3'], (id) => {
      calls.push(id);
      return of({});
    });
    expect(calls).toEqual(['L1', 'L2', 'L3']);
    expect(results.map((r) => r.outcome)).toEqual(['done', 'done', 'done']);
  });

  it('a wrong password on the first lot throws (the dialog stays open) and tries no other lot', async () => {
    const calls: string[] = [];
    await expectAsync(
      runPerLot(['L1', 'L2'], (id) => {
        calls.push(id);
        return refused(403, 'INVALID_PASSWORD');
      }),
    ).toBeRejected();
    expect(calls).toEqual(['L1']);
  });

  it('a lot refused for its own reason does not stop the others; its reason is the server text', async () => {
    const results = await runPerLot(['L1', 'L2', 'L3'], (id) =>
      id === 'L2' ? refused(409, 'LOT_STATE', 'El lote está Autorizado.') : of({}),
    );
    expect(results).toEqual([
      { lotId: 'L1', outcome: 'done', text: null },
      { lotId: 'L2', outcome: 'failed', text: { key: null, serverText: 'El lote está Autorizado.' } },
      { lotId: 'L3', outcome: 'done', text: null },
    ]);
  });

  it('a lock or lost connection midway marks the remaining lots skipped', async () => {
    const calls: string[] = [];
    const results = await runPerLot(['L1', 'L2', 'L3', 'L4'], (id) => {
      calls.push(id);
      return id === 'L2' ? refused(423, 'ACCOUNT_LOCKED') : of({});
    });
    expect(calls).toEqual(['L1', 'L2']);
    expect(results.map((r) => r.outcome)).toEqual(['done', 'failed', 'skipped', 'skipped']);
    expect(results[3].text?.key).toBe('login.error.locked');
  });
});
