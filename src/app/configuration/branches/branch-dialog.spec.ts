import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { click, nextRequest, settle, setUpPage, typeInto } from '../../lots/testing/page-harness';
import type { Branch } from '../data/config-api';
import { BranchDialog, type BranchDialogData } from './branch-dialog';

const branch = (over: Partial<Branch> = {}): Branch => ({
  code: '001',
  name: 'Sede Caracas',
  address: 'Av. Urdaneta',
  city: 'Caracas',
  state: 'Distrito Capital',
  phone: '+582125550100',
  contact: null,
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
  ...over,
});

describe('BranchDialog', () => {
  let closed: unknown[];
  function open(data: Partial<BranchDialogData> = {}) {
    setUpPage('admin', ['company.manage']);
    closed = [];
    TestBed.overrideProvider(MAT_DIALOG_DATA, { useValue: { companyId: 'c1', ...data } });
    TestBed.overrideProvider(MatDialogRef, { useValue: { close: (v?: unknown) => closed.push(v) } });
    const fixture = TestBed.createComponent(BranchDialog);
    fixture.detectChanges();
    return fixture;
  }
  const input = (el: HTMLElement, testid: string) => el.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`)!;

  it('binds each field to its control, with its length limit, hint and Spanish error after a bad save', async () => {
    const fixture = open();
    const el = fixture.nativeElement as HTMLElement;
    expect(input(el, 'branch-code').maxLength).toBe(10);
    expect(input(el, 'branch-name').maxLength).toBe(60);
    expect(el.textContent).toContain('1 a 10 caracteres A-Z y 0-9'); // the code's hint
    typeInto('[data-testid="branch-code"]', 'a b');
    expect(fixture.componentInstance.form.controls.code.value).toBe('a b');
    click('[data-testid="branch-save"]');
    await settle();
    fixture.detectChanges();
    const errors = [...el.querySelectorAll('mat-error')].map((e) => e.textContent?.trim());
    expect(errors).toEqual(['De 1 a 10 caracteres A-Z y 0-9', 'Campo obligatorio']);
    expect(closed).toEqual([]);
  });

  it('creates a branch with the code upper-cased and only the optional fields typed', async () => {
    const fixture = open();
    fixture.componentInstance.form.patchValue({ code: 'suc9', name: ' Sede Valencia ', city: 'Valencia', phone: '' });
    const saving = fixture.componentInstance.save();
    const req = await nextRequest('/api/v1/companies/c1/branches', 'POST');
    expect(req.request.body).toEqual({ code: 'SUC9', name: 'Sede Valencia', city: 'Valencia' });
    const created = branch({ code: 'SUC9', name: 'Sede Valencia', address: null, state: null, phone: null, city: 'Valencia' });
    req.flush(created, { status: 201, statusText: 'Created' });
    await saving;
    expect(closed).toEqual([created]);
  });

  it('edits: the code is fixed, only what changed is sent (an emptied field as null); the server’s refusal stays in the dialog', async () => {
    const fixture = open({ branch: branch() });
    const el = fixture.nativeElement as HTMLElement;
    expect(input(el, 'branch-code').disabled).toBeTrue();
    expect(input(el, 'branch-code').value).toBe('001');
    fixture.componentInstance.form.patchValue({ city: 'Petare', state: '' });
    const saving = fixture.componentInstance.save();
    const req = await nextRequest('/api/v1/companies/c1/branches/001', 'PATCH');
    expect(req.request.body).toEqual({ city: 'Petare', state: null });
    req.flush({ error: { code: 'FORBIDDEN', message: 'No tiene permiso para esta acción.' } }, { status: 403, statusText: 'Forbidden' });
    await saving;
    await settle();
    fixture.detectChanges();
    expect(closed).toEqual([]);
    expect(el.querySelector('[role=alert]')).not.toBeNull();
  });

  it('closes without a call when nothing changed', async () => {
    const fixture = open({ branch: branch() });
    await fixture.componentInstance.save();
    expect(closed).toEqual([undefined]);
  });
});
