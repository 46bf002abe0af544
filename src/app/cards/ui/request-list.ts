import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { TPipe } from '../../core/i18n/t.pipe';
import type { LocalRequest } from '../../offline/db/doc-types';
import { ageMs } from '../../offline/requests/request-queue';
import { Clock } from './clock';
import { ageParts, requestKindKey, requestStatusKey, when } from './labels';

/** A card's requests from this user: what, state, age, outcome (PRODUCT.md: shown as pending with their age). */
@Component({
  selector: 'app-request-list',
  imports: [MatIconModule, TPipe],
  template: `
    @if (requests().length) {
      <ul class="list" data-testid="request-list">
        @for (request of requests(); track request._id) {
          <li class="item status-{{ request.status }}">
            <mat-icon aria-hidden="true">{{ icon(request) }}</mat-icon>
            <div class="text">
              <span class="what">{{ kindKey(request.kind) | t }}</span>
              <span class="meta">
                {{ statusKey(request.status) | t }} ·
                {{ age(request).key | t: { n: age(request).n } }} ·
                {{ when(request.createdAt) }}
              </span>
              @if (request.status === 'REJECTED' && request.outcome?.message) {
                <span class="reason">{{ request.outcome?.message }}</span>
              }
            </div>
          </li>
        }
      </ul>
    } @else {
      <p class="muted">{{ 'requests.none' | t }}</p>
    }
  `,
  styles: `
    .list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
    .item { display: flex; gap: 12px; align-items: flex-start; }
    .text { display: flex; flex-direction: column; }
    .what { font: var(--mat-sys-body-large); }
    .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .reason { font: var(--mat-sys-body-medium); color: var(--mat-sys-error); }
    .status-PENDING mat-icon { color: #8a6100; }
    .status-APPLIED mat-icon { color: #0b7a2a; }
    .status-REJECTED mat-icon { color: var(--mat-sys-error); }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RequestList {
  readonly requests = input.required<LocalRequest[]>();
  private readonly clock = inject(Clock);
  readonly kindKey = requestKindKey;
  readonly statusKey = requestStatusKey;
  readonly when = when;

  age(request: LocalRequest) {
    return ageParts(ageMs(request, this.clock.now()));
  }

  icon(request: LocalRequest): string {
    return request.status === 'PENDING' ? 'schedule' : request.status === 'APPLIED' ? 'check_circle' : 'error';
  }
}
