import { TestBed } from '@angular/core/testing';
import { ES, type MessageKey } from './es';
import { TPipe } from './t.pipe';
import { CATALOGUE } from './translator';

describe('t pipe', () => {
  const pipe = () => TestBed.runInInjectionContext(() => new TPipe());

  it('translates a key from the catalogue', () => {
    expect(pipe().transform('login.error.invalid')).toBe('Usuario o contraseña inválidos');
  });

  it('fills placeholders', () => {
    expect(pipe().transform('home.welcome', { name: 'Ana' })).toBe('Hola, Ana');
    expect(pipe().transform('status.pending', { count: 3 })).toBe('Pendientes: 3');
  });

  it('shows a missing key on screen instead of hiding it', () => {
    expect(pipe().transform('no.such.key' as MessageKey)).toBe('⟦no.such.key⟧');
  });

  it('uses whatever catalogue is provided (a second language later)', () => {
    TestBed.configureTestingModule({ providers: [{ provide: CATALOGUE, useValue: { ...ES, 'login.title': 'Sign in' } }] });
    expect(pipe().transform('login.title')).toBe('Sign in');
  });

  it('has no empty text in the Spanish catalogue', () => {
    expect(Object.entries(ES).filter(([, text]) => !text.trim())).toEqual([]);
  });
});
