import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { Store } from '@ngrx/store';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { PERMISSIONS, type Permission } from '../../../domain/permissions';
import { pageCall } from '../../core/api/page-call';
import { permissionKey } from '../../core/i18n/domain-keys';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { selectCompanies, selectRole, selectUser } from '../../core/session/session.selectors';
import type { FailureText } from '../../lots/ui/failure-text';
import { baseGridOptions } from '../../lots/ui/grid';
import { ConfigApi, type CompanyUser } from '../data/config-api';
import { OneTimePasswordDialog } from './one-time-password-dialog';
import { UserDialog, type UserDialogData, type UserDialogResult, userStatusKey } from './user-dialog';

/**
 * The users of one company (users.manage there, or the operator): a grid, a new user with a one-time
 * password shown once, and a tap on a row for its permissions and account actions.
 */
@Component({
  selector: 'app-users-panel',
  imports: [AgGridAngular, MatButtonModule, MatIconModule, TPipe],
  template: `
    <div class="toolbar">
      <button mat-flat-button type="button" (click)="openNew()" [disabled]="!companyId()" data-testid="user-new">
        <mat-icon>person_add</mat-icon> {{ 'users.new' | t }}
      </button>
      <button mat-button type="button" (click)="load()"><mat-icon>refresh</mat-icon> {{ 'common.refresh' | t }}</button>
      <span class="count">{{ 'users.count' | t: { count: users().length } }}</span>
    </div>
    @if (failure(); as f) {
      <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
    }
    <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns" [rowData]="users()" [loading]="loading()"
                     (rowClicked)="$event.data && open($event.data)" data-testid="users-grid" />
  `,
  styles: `
    :host { display: block; }
    .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0; }
    .count { margin-left: auto; color: var(--mat-sys-on-surface-variant); }
    .grid { display: block; width: 100%; height: 460px; }
    .grid ::ng-deep .ag-row { cursor: pointer; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPanel {
  readonly companyId = input.required<string>();
  private readonly api = inject(ConfigApi);
  private readonly dialog = inject(MatDialog);
  private readonly store = inject(Store);
  private readonly translator = inject(Translator);
  private readonly me = this.store.selectSignal(selectUser);
  private readonly role = this.store.selectSignal(selectRole);
  private readonly companies = this.store.selectSignal(selectCompanies);
  private readonly company = computed(() => this.companies().find((c) => c.id === this.companyId()) ?? null);

  readonly users = signal<CompanyUser[]>([]);
  readonly loading = signal(false);
  readonly failure = signal<FailureText | null>(null);

  readonly options: GridOptions<CompanyUser> = { ...baseGridOptions<CompanyUser>(this.translator), getRowId: (p) => p.data.userId };
  readonly columns: ColDef<CompanyUser>[] = this.buildColumns();

  constructor() {
    effect(() => {
      this.companyId();
      untracked(() => void this.load());
    });
  }

  private buildColumns(): ColDef<CompanyUser>[] {
    const t = this.translator.t.bind(this.translator);
    return [
      { field: 'userId', headerName: t('users.userId'), width: 140, sort: 'asc' },
      { field: 'name', headerName: t('users.name'), flex: 1, minWidth: 160 },
      {
        colId: 'state',
        headerName: t('users.status'),
        width: 170,
        valueGetter: (p) =>
          p.data
            ? [t(userStatusKey(p.data.status)), p.data.locked ? t('users.locked') : '', p.data.mustChangePassword ? t('users.mustChange') : '']
                .filter(Boolean)
                .join(' · ')
            : '',
        tooltipValueGetter: (p) => p.value,
      },
      {
        colId: 'permissions',
        headerName: t('users.permissionCount'),
        width: 120,
        valueGetter: (p) => (p.data ? `${p.data.permissions.length} / ${PERMISSIONS.length}` : ''),
        tooltipValueGetter: (p) => (p.data ? p.data.permissions.map((x) => t(permissionKey(x))).join(', ') : ''),
      },
      { field: 'email', headerName: t('users.email'), width: 220 },
    ];
  }

  async load(): Promise<void> {
    const companyId = this.companyId();
    if (!companyId) return;
    const users = await pageCall({ flag: this.loading, failure: this.failure }, () => this.api.users(companyId));
    if (users) this.users.set(users);
  }

  private dialogData(user?: CompanyUser): UserDialogData {
    const company = this.company();
    const held: readonly Permission[] = this.role() === 'operator' ? PERMISSIONS : (company?.permissions ?? []);
    return { companyId: this.companyId(), companyName: company?.name ?? this.companyId(), user, held, self: this.me()?.userId ?? '' };
  }

  async openNew(): Promise<void> {
    const result = await this.openDialog();
    if (result && 'created' in result) {
      await this.load();
      await firstValueFrom(
        this.dialog
          .open(OneTimePasswordDialog, { data: { userId: result.created.userId, temporaryPassword: result.temporaryPassword }, disableClose: true, maxWidth: '480px' })
          .afterClosed(),
      );
    }
  }

  async open(user: CompanyUser): Promise<void> {
    if (await this.openDialog(user)) await this.load();
  }

  private openDialog(user?: CompanyUser): Promise<UserDialogResult | undefined> {
    return firstValueFrom(
      this.dialog.open<UserDialog, UserDialogData, UserDialogResult>(UserDialog, { data: this.dialogData(user), width: '640px', maxWidth: '96vw', autoFocus: 'first-tabbable' }).afterClosed(),
    );
  }
}
