import { TestBed } from '@angular/core/testing';
import { Store, provideStore } from '@ngrx/store';
import { rootState, signedInSession } from '../../testing/fixtures';
import { selectCompanyId, selectSelectedCompany, selectSelectedProduct } from '../../core/context/context.selectors';
import { rootReducers } from '../../core/store/root-state';
import { CompanySelector } from './company-selector';

describe('CompanySelector', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [CompanySelector],
      providers: [provideStore(rootReducers, { initialState: rootState({ session: signedInSession() }) })],
    });
  });

  async function open() {
    const fixture = TestBed.createComponent(CompanySelector);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    element.querySelector<HTMLButtonElement>('[data-testid="context-trigger"]')!.click();
    await fixture.whenStable();
    return fixture;
  }

  it('shows the selected company and product on the trigger', async () => {
    const fixture = TestBed.createComponent(CompanySelector);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('Alimentos Demo C.A.');
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('ALIM');
  });

  it('offers every company × product and switches with one tap', async () => {
    await open();
    const options = document.querySelectorAll<HTMLButtonElement>('[data-testid^="context-"][role="menuitem"]');
    expect(options.length).toBe(3);
    document.querySelector<HTMLButtonElement>('[data-testid="context-c2-NOMI"]')!.click();
    const store = TestBed.inject(Store);
    expect(store.selectSignal(selectCompanyId)()).toBe('c2');
    expect(store.selectSignal(selectSelectedCompany)()?.name).toBe('Servicios Dos C.A.');
    expect(store.selectSignal(selectSelectedProduct)()?.code).toBe('NOMI');
  });

  it('switches product inside the same company', async () => {
    await open();
    document.querySelector<HTMLButtonElement>('[data-testid="context-c1-REGA"]')!.click();
    expect(TestBed.inject(Store).selectSignal(selectSelectedProduct)()?.code).toBe('REGA');
  });
});
