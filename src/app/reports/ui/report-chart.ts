import { ChangeDetectionStrategy, Component, type ElementRef, type OnDestroy, effect, input, viewChild } from '@angular/core';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartData } from '../../../domain/reports/catalogue';
import { count, money } from '../../lots/ui/format';

// Only the pieces these charts use (tree-shaken; this file is loaded with the reports page only).
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend);

const PALETTE = ['#005cbb', '#00897b', '#f4511e', '#8e24aa', '#fdd835', '#6d4c41', '#3949ab', '#c0ca33', '#d81b60', '#546e7a'];

/** A report's chart (Chart.js on a canvas); money series are integer cents, shown as bolívares. */
@Component({
  selector: 'app-report-chart',
  template: `<figure class="chart" [attr.aria-label]="data().title" data-testid="report-chart">
    <figcaption>{{ data().title }}</figcaption>
    <div class="canvas-box"><canvas #canvas role="img" [attr.aria-label]="data().title"></canvas></div>
  </figure>`,
  styles: `
    .chart { margin: 0; }
    figcaption { font: var(--mat-sys-title-small); margin-bottom: 4px; }
    .canvas-box { position: relative; height: var(--chart-height, 240px); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportChart implements OnDestroy {
  readonly data = input.required<ChartData>();
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private chart: Chart | null = null;

  constructor() {
    effect(() => this.draw(this.data()));
  }

  private draw(data: ChartData): void {
    this.chart?.destroy();
    const shown = (v: number) => (data.money ? money(v) : count(v));
    const doughnut = data.kind === 'doughnut';
    this.chart = new Chart(this.canvas().nativeElement, {
      type: data.kind,
      data: {
        labels: data.labels,
        datasets: data.series.map((s, i) => ({
          label: s.label,
          data: data.money ? s.data.map((c) => c / 100) : s.data,
          backgroundColor: doughnut ? data.labels.map((_, j) => PALETTE[j % PALETTE.length]) : PALETTE[i % PALETTE.length],
          borderColor: doughnut ? '#fff' : PALETTE[i % PALETTE.length],
          tension: 0.2,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: doughnut || data.series.length > 1, position: 'bottom' },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${shown(data.money ? Math.round(Number(item.raw) * 100) : Number(item.raw))}` } },
        },
        scales: doughnut
          ? {}
          : { y: { beginAtZero: data.kind === 'bar', ticks: { precision: data.money ? 2 : 0, callback: (v) => shown(data.money ? Math.round(Number(v) * 100) : Number(v)) } } },
      },
    });
  }

  ngOnDestroy(): void {
    this.chart?.destroy();
  }
}
