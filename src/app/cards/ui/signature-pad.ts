import { ChangeDetectionStrategy, Component, type ElementRef, afterNextRender, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MAX_SIGNATURE_DATA_URL_LENGTH } from '../../../domain/requests';
import { TPipe } from '../../core/i18n/t.pipe';

/** Drawing size of the signature (CSS pixels scale to fit; the PNG stays this small). */
const WIDTH = 480;
const HEIGHT = 160;

/**
 * An on-screen signature (PRODUCT.md chapter 5: delivery with an optional signature). Pointer events
 * (finger, pen, mouse) on a <canvas>; the result is a small black-on-transparent PNG data URL, well
 * under the shared limit (MAX_SIGNATURE_DATA_URL_LENGTH), or null while empty.
 */
@Component({
  selector: 'app-signature-pad',
  imports: [MatButtonModule, MatIconModule, TPipe],
  template: `
    <div class="pad">
      <canvas #canvas [attr.width]="width" [attr.height]="height" [attr.aria-label]="label() | t" role="img"
              (pointerdown)="down($event)" (pointermove)="move($event)" (pointerup)="up()" (pointercancel)="up()"
              (pointerleave)="up()" data-testid="signature-canvas"></canvas>
      @if (empty()) {
        <span class="hint" aria-hidden="true">{{ 'signature.hint' | t }}</span>
      }
    </div>
    <button mat-button type="button" (click)="clear()" [disabled]="empty()">
      <mat-icon>backspace</mat-icon> {{ 'signature.clear' | t }}
    </button>
  `,
  styles: `
    :host { display: block; }
    .pad { position: relative; border: 1px dashed var(--mat-sys-outline); border-radius: 8px; background: #fff; }
    canvas { display: block; width: 100%; height: auto; aspect-ratio: 3 / 1; touch-action: none; cursor: crosshair; }
    .hint { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
            color: var(--mat-sys-on-surface-variant); pointer-events: none; font: var(--mat-sys-body-medium); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignaturePad {
  readonly label = input<'signature.label'>('signature.label');
  readonly changed = output<string | null>();
  readonly empty = signal(true);
  readonly width = WIDTH;
  readonly height = HEIGHT;
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private context: CanvasRenderingContext2D | null = null;
  private drawing = false;

  constructor() {
    afterNextRender(() => {
      this.context = this.canvas().nativeElement.getContext('2d');
      if (this.context) {
        this.context.lineWidth = 2.5;
        this.context.lineCap = 'round';
        this.context.lineJoin = 'round';
        this.context.strokeStyle = '#000';
      }
    });
  }

  down(event: PointerEvent): void {
    if (!this.context) return;
    event.preventDefault();
    (event.target as Element).setPointerCapture?.(event.pointerId);
    this.drawing = true;
    const { x, y } = this.point(event);
    this.context.beginPath();
    this.context.moveTo(x, y);
    this.context.lineTo(x + 0.1, y + 0.1);
    this.context.stroke();
  }

  move(event: PointerEvent): void {
    if (!this.drawing || !this.context) return;
    const { x, y } = this.point(event);
    this.context.lineTo(x, y);
    this.context.stroke();
  }

  up(): void {
    if (!this.drawing) return;
    this.drawing = false;
    this.empty.set(false);
    this.changed.emit(this.dataUrl());
  }

  clear(): void {
    this.context?.clearRect(0, 0, WIDTH, HEIGHT);
    this.empty.set(true);
    this.changed.emit(null);
  }

  /** The signature as a PNG data URL (null while empty or too big for the shared limit). */
  dataUrl(): string | null {
    if (this.empty()) return null;
    const url = this.canvas().nativeElement.toDataURL('image/png');
    return url.length <= MAX_SIGNATURE_DATA_URL_LENGTH ? url : null;
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const rect = this.canvas().nativeElement.getBoundingClientRect();
    return { x: ((event.clientX - rect.left) / rect.width) * WIDTH, y: ((event.clientY - rect.top) / rect.height) * HEIGHT };
  }
}
