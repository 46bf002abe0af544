import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { initialStatusState } from '../core/status/status.reducer';
import { SessionActions } from '../core/session/session.actions';
import { rootState, signedInSession } from '../testing/fixtures';
import Shell from './shell';

/** The shell's user menu: sign-out wipes the device, so unsent offline requests are warned about first. */
describe('Shell', () => {
  function render(pendingCount: number) {
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [
        provideRouter([]),
        provideServiceWorker('ngsw-worker.js', { enabled: false }),
        provideMockStore({
          initialState: rootState({
            session: signedInSession(),
            context: { companyId: 'c1', productCode: 'ALIM' },
            status: { ...initialStatusState, pendingCount },
          }),
        }),
      ],
    });
    const dispatch = spyOn(TestBed.inject(MockStore), 'dispatch');
    const fixture = TestBed.createComponent(Shell);
    return { fixture, dispatch };
  }

  async function settle(fixture: { whenStable(): Promise<unknown> }, until: () => boolean = () => true) {
    for (let i = 0; i < 100; i++) {
      await fixture.whenStable();
      if (until()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function clickSignOut(fixture: { nativeElement: HTMLElement; whenStable(): Promise<unknown> }) {
    fixture.nativeElement.querySelector<HTMLButtonElement>('[data-testid="user-menu"]')!.click();
    await settle(fixture, () => !!document.querySelector('[data-testid="sign-out"]'));
    document.querySelector<HTMLButtonElement>('[data-testid="sign-out"]')!.click();
    await fixture.whenStable();
  }

  afterEach(() => document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = '')));

  it('shows the user’s name in the user menu and signs out at once when nothing waits to be sent', async () => {
    const { fixture, dispatch } = render(0);
    await fixture.whenStable();
    fixture.nativeElement.querySelector('[data-testid="user-menu"]').click();
    await settle(fixture, () => !!document.querySelector('[data-testid="sign-out"]'));
    expect(document.querySelector('.mat-mdc-menu-panel')?.textContent).toContain('Carga Demo');
    expect(document.querySelector('[data-testid="sign-out"]')?.textContent).toContain('Cerrar sesión');
    document.querySelector<HTMLButtonElement>('[data-testid="sign-out"]')!.click();
    expect(dispatch).toHaveBeenCalledWith(SessionActions.signOutRequested());
  });

  it('with unsent requests asks first: "No cerrar sesión" keeps the session and the device data', async () => {
    const { fixture, dispatch } = render(2);
    await fixture.whenStable();
    await clickSignOut(fixture);
    await settle(fixture, () => !!document.querySelector('[data-testid="keep-session"]'));
    expect(document.querySelector('mat-dialog-container')?.textContent).toContain('2');
    document.querySelector<HTMLButtonElement>('[data-testid="keep-session"]')!.click();
    await settle(fixture, () => !document.querySelector('mat-dialog-container'));
    expect(dispatch).not.toHaveBeenCalledWith(SessionActions.signOutRequested());
  });

  it('with unsent requests, "Cerrar sesión y borrar" signs out anyway', async () => {
    const { fixture, dispatch } = render(1);
    await fixture.whenStable();
    await clickSignOut(fixture);
    await settle(fixture, () => !!document.querySelector('[data-testid="sign-out-anyway"]'));
    document.querySelector<HTMLButtonElement>('[data-testid="sign-out-anyway"]')!.click();
    await settle(fixture, () => dispatch.calls.count() > 0);
    expect(dispatch).toHaveBeenCalledWith(SessionActions.signOutRequested());
  });
});
