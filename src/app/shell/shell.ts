import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
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

  signOut(): void {
    this.store.dispatch(SessionActions.signOutRequested());
  }
}
