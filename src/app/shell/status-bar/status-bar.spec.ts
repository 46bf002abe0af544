import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideMockStore } from '@ngrx/store/testing';
import { initialStatusState } from '../../core/status/status.reducer';
import { SyncIndicator } from '../../offline/sync-indicator';
import { StatusBar } from './status-bar';

describe('StatusBar', () => {
  function render() {
    TestBed.configureTestingModule({
      imports: [StatusBar],
      providers: [provideRouter([]), provideMockStore({ initialState: { status: { ...initialStatusState, pendingCount: 2 } } })],
    });
    const fixture = TestBed.createComponent(StatusBar);
    fixture.detectChanges();
    return { fixture, indicator: TestBed.inject(SyncIndicator), el: fixture.nativeElement as HTMLElement };
  }

  it('says so when the user’s access was revoked and the device’s data removed', async () => {
    const { fixture, indicator, el } = render();
    expect(el.querySelector('[data-testid=sync-revoked]')).toBeNull();
    indicator.revocation.set({ scope: 'company', companyId: 'c1', kind: null, unsentRequests: 1, at: new Date().toISOString() });
    indicator.phase.set('revoked');
    fixture.detectChanges();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=sync-revoked]')?.textContent).toContain('Acceso revocado');
    expect(el.querySelector('[data-testid=sync-error]')).toBeNull();
  });

  it('shows a removed permission (one kind) without hiding the rest of the bar', async () => {
    const { fixture, indicator, el } = render();
    indicator.revocation.set({ scope: 'kind', companyId: 'c1', kind: 'cards', unsentRequests: 0, at: new Date().toISOString() });
    indicator.phase.set('synced');
    fixture.detectChanges();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid=sync-revoked]')?.textContent).toContain('Permiso retirado');
    expect(el.querySelector('[data-testid=pending]')?.textContent).toContain('Pendientes: 2');
  });
});
