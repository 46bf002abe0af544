import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { TPipe } from '../core/i18n/t.pipe';

/**
 * Sign-out wipes the device: requests not yet sent would be lost. Closes with true to sign out
 * anyway. No RxDB here: the shell opens it.
 */
@Component({
  selector: 'app-unsent-requests-dialog',
  imports: [MatDialogModule, MatButtonModule, MatIconModule, TPipe],
  template: `
    <h2 mat-dialog-title>{{ 'signOut.unsentTitle' | t }}</h2>
    <div mat-dialog-content>
      <p class="warn"><mat-icon aria-hidden="true">warning</mat-icon> {{ 'signOut.unsentBody' | t: { count: data.count } }}</p>
      <p>{{ 'signOut.unsentAdvice' | t }}</p>
    </div>
    <div mat-dialog-actions align="end">
      <button mat-flat-button [mat-dialog-close]="false" cdkFocusInitial data-testid="keep-session">{{ 'signOut.stay' | t }}</button>
      <button mat-button [mat-dialog-close]="true" class="danger" data-testid="sign-out-anyway">{{ 'signOut.anyway' | t }}</button>
    </div>
  `,
  styles: `
    .warn { display: flex; gap: 8px; align-items: flex-start; color: var(--mat-sys-error); }
    .danger { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnsentRequestsDialog {
  readonly data = inject<{ count: number }>(MAT_DIALOG_DATA);
}
