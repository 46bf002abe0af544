import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { Permission } from '../../../domain/permissions';
import { nextRequest, settle, setUpPage } from '../../lots/testing/page-harness';
import type { CompanyUser } from '../data/config-api';
import { UserDialog, type UserDialogData } from './user-dialog';

const user = (over: Partial<CompanyUser> = {}): CompanyUser => ({
  userId: 'firma1',
  name: 'Fabiola Firma',
  email: 'firma1@demo.test',
  status: 'active',
  locked: false,
  mustChangePassword: false,
  permissions: ['lots.sign', 'cards.view'],
  otherCompanies: 0,
  createdAt: '2026-11-25T10:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
  ...over,
});

describe('UserDialog', () => {
  let closed: unknown[];
  function open(data: Partial<UserDialogData>) {
    setUpPage('gestor', ['users.manage', 'cards.view']);
    closed = [];
    TestBed.overrideProvider(MAT_DIALOG_DATA, {
      useValue: { companyId: 'c1', companyName: 'Alimentos Demo C.A.', held: ['users.manage', 'cards.view'] as Permission[], self: 'gestor', ...data },
    });
    TestBed.overrideProvider(MatDialogRef, { useValue: { close: (v: unknown) => closed.push(v) } });
    const fixture = TestBed.createComponent(UserDialog);
    fixture.detectChanges();
    return fixture;
  }
  const checkbox = (el: HTMLElement, p: string) => el.querySelector<HTMLInputElement>(`[data-testid="perm-${p}"] input`)!;

  it('offers only the permissions the manager holds', () => {
    const fixture = open({ user: user() });
    const el = fixture.nativeElement as HTMLElement;
    expect(checkbox(el, 'cards.view').disabled).toBeFalse();
    expect(checkbox(el, 'users.manage').disabled).toBeFalse();
    // held by the user, not by the manager: shown, checked, not changeable
    expect(checkbox(el, 'lots.sign').disabled).toBeTrue();
    expect(checkbox(el, 'lots.sign').checked).toBeTrue();
    expect(checkbox(el, 'orders.pay').disabled).toBeTrue();
    expect(el.textContent).toContain('Solo puede otorgar o quitar los permisos que usted tiene.');
  });

  it('on one’s own account: no permission can change and no block or reset is offered', () => {
    const fixture = open({ user: user({ userId: 'gestor', permissions: ['users.manage', 'cards.view'] }) });
    const el = fixture.nativeElement as HTMLElement;
    expect([...el.querySelectorAll<HTMLInputElement>('[data-testid^="perm-"] input')].every((i) => i.disabled)).toBeTrue();
    expect(el.querySelector('[data-testid="user-block"]')).toBeNull();
    expect(el.querySelector('[data-testid="user-reset"]')).toBeNull();
    expect(el.textContent).toContain('No puede cambiar sus propios permisos');
  });

  it('creates a user with the lower-cased id and the chosen permissions, and hands back the one-time password', async () => {
    const fixture = open({});
    const dialog = fixture.componentInstance;
    dialog.form.patchValue({ userId: 'LCampos', name: ' Lucía Campos ', email: 'lcampos@demo.test' });
    dialog.form.controls.permissions.patchValue({ cards_view: true } as never);
    const saving = dialog.save();
    const req = await nextRequest('/api/v1/companies/c1/users', 'POST');
    expect(req.request.body).toEqual({ userId: 'lcampos', name: 'Lucía Campos', email: 'lcampos@demo.test', permissions: ['cards.view'] });
    const created = user({ userId: 'lcampos', permissions: ['cards.view'], mustChangePassword: true });
    req.flush({ user: created, temporaryPassword: 'Ab3#kLmN7pQr2s' }, { status: 201, statusText: 'Created' });
    await saving;
    expect(closed).toEqual([{ created, temporaryPassword: 'Ab3#kLmN7pQr2s' }]);
  });

  it('sends only what changed, and shows the server’s refusal without closing', async () => {
    const fixture = open({ user: user() });
    const dialog = fixture.componentInstance;
    dialog.form.controls.permissions.patchValue({ users_manage: true } as never);
    const saving = dialog.save();
    const req = await nextRequest('/api/v1/companies/c1/users/firma1', 'PATCH');
    expect(req.request.body).toEqual({ permissions: ['lots.sign', 'cards.view', 'users.manage'] });
    req.flush(
      { error: { code: 'PERMISSION_NOT_HELD', message: 'No puede otorgar ni quitar permisos que usted no tiene: users.manage.' } },
      { status: 403, statusText: 'Forbidden' },
    );
    await saving;
    await settle();
    fixture.detectChanges();
    expect(closed).toEqual([]);
    expect((fixture.nativeElement as HTMLElement).querySelector('[role=alert]')!.textContent).toContain('No puede otorgar ni quitar permisos');
  });
});
