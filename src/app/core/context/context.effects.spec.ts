import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideEffects } from '@ngrx/effects';
import { Store, provideStore } from '@ngrx/store';
import { rootState, signedInSession } from '../../testing/fixtures';
import { STORAGE_KEYS } from '../config';
import { permissionGuard } from '../guards/permission.guard';
import { BROWSER_STORAGE, memoryStorage } from '../storage/local-store';
import { rootReducers } from '../store/root-state';
import { ContextActions } from './context.actions';
import * as contextEffects from './context.effects';

@Component({ template: '' })
class Blank {}

describe('context effects', () => {
  let storage: Storage;

  beforeEach(() => {
    storage = memoryStorage();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: '', component: Blank },
          { path: 'carga', component: Blank, canMatch: [permissionGuard], data: { anyOf: ['lots.upload'] } },
        ]),
        provideStore(rootReducers, {
          initialState: rootState({ session: signedInSession(), context: { companyId: 'c1', productCode: 'ALIM' } }),
        }),
        provideEffects(contextEffects),
        { provide: BROWSER_STORAGE, useValue: storage },
      ],
    });
  });

  it('keeps the selection on the device', () => {
    TestBed.inject(Store).dispatch(ContextActions.selected({ companyId: 'c2', productCode: 'NOMI' }));
    expect(JSON.parse(storage.getItem(STORAGE_KEYS.selection)!)).toEqual({ companyId: 'c2', productCode: 'NOMI' });
  });

  it('leaves a page the newly selected company does not allow', async () => {
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/carga');
    expect(router.url).toBe('/carga');
    TestBed.inject(Store).dispatch(ContextActions.selected({ companyId: 'c2', productCode: 'NOMI' }));
    for (let i = 0; i < 5 && router.url !== '/'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(router.url).toBe('/');
  });
});
