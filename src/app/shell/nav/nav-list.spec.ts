import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { demoUser, rootState, signedInSession } from '../../testing/fixtures';
import { NavList } from './nav-list';
import { visibleSections } from './nav-sections';

describe('navigation by permission', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [NavList],
      providers: [
        provideRouter([]),
        provideMockStore({
          initialState: rootState({ session: signedInSession(), context: { companyId: 'c1', productCode: 'ALIM' } }),
        }),
      ],
    });
  });

  async function labels(): Promise<string[]> {
    const fixture = TestBed.createComponent(NavList);
    await fixture.whenStable();
    return Array.from((fixture.nativeElement as HTMLElement).querySelectorAll('[data-feature] [matListItemTitle]')).map(
      (item) => item.textContent!.trim(),
    );
  }

  it('shows only what the selected company lets the user open', async () => {
    const shown = await labels();
    expect(shown).toContain('Carga de lotes');
    expect(shown).toContain('Bandeja');
    expect(shown).toContain('Consulta de tarjetas');
    expect(shown).toContain('Reportes');
    expect(shown).toContain('Perfil');
    expect(shown).not.toContain('Autorización de lotes');
    expect(shown).not.toContain('Transferencia maestra');
    expect(shown).not.toContain('Usuarios');
    expect(shown).not.toContain('Consola del operador');
  });

  it('changes with the selected company', async () => {
    TestBed.inject(MockStore).setState(
      rootState({ session: signedInSession(), context: { companyId: 'c2', productCode: 'NOMI' } }),
    );
    const shown = await labels();
    expect(shown).toContain('Transferencia maestra');
    expect(shown).toContain('Usuarios');
    expect(shown).not.toContain('Carga de lotes');
  });

  it('shows the operator section to operators only', async () => {
    TestBed.inject(MockStore).setState(
      rootState({ session: signedInSession({ user: demoUser({ role: 'operator', companies: [] }) }) }),
    );
    const shown = await labels();
    expect(shown).toContain('Consola del operador');
    expect(shown).not.toContain('Carga de lotes');
  });

  it('drops sections that end up empty and keeps the manual order', () => {
    const sections = visibleSections(['lots.sign'], 'company').map((section) => section.labelKey);
    expect(sections).toEqual(['nav.operations', 'nav.queries', 'nav.configuration']);
  });
});
