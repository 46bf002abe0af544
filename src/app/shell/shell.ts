import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterOutlet } from '@angular/router';
import { Store } from '@ngrx/store';
import { map } from 'rxjs';
import { TPipe } from '../core/i18n/t.pipe';
import { SessionActions } from '../core/session/session.actions';
import { selectUser } from '../core/session/session.selectors';
import { selectPendingCount } from '../core/status/status.reducer';
import { UnsentRequestsDialog } from '../requests/unsent-requests-dialog';
import { CompanySelector } from './company-selector/company-selector';
import { NavList } from './nav/nav-list';
import { StatusBar } from './status-bar/status-bar';
import { UpdateNotice } from './update/update-notice';

/** Below this width the menu is a drawer over the content; above, a fixed side panel. */
const HANDSET = '(max-width: 959.98px)';

@Component({
  selector: 'app-shell',
  imports: [
    MatToolbarModule,
    MatSidenavModule,
    MatButtonModule,
    MatIconModule,
    MatMenuModule,
    RouterOutlet,
    RouterLink,
    TPipe,
    NavList,
    CompanySelector,
    StatusBar,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class Shell {
  private readonly store = inject(Store);
  readonly user = this.store.selectSignal(selectUser);
  readonly handset = toSignal(
    inject(BreakpointObserver)
      .observe(HANDSET)
      .pipe(map((state) => state.matches)),
    { initialValue: matchMedia(HANDSET).matches },
  );

  constructor() {
    inject(UpdateNotice).start();
  }

  private readonly dialog = inject(MatDialog);
  private readonly pendingCount = this.store.selectSignal(selectPendingCount);

  /** Sign-out wipes the device: warn first when requests have not reached the server. */
  signOut(): void {
    const count = this.pendingCount();
    if (count === 0) {
      this.store.dispatch(SessionActions.signOutRequested());
      return;
    }
    this.dialog
      .open(UnsentRequestsDialog, { data: { count }, maxWidth: '95vw' })
      .afterClosed()
      .subscribe((signOutAnyway) => {
        if (signOutAnyway === true) this.store.dispatch(SessionActions.signOutRequested());
      });
  }
}
