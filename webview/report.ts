// Draws the figures of a standalone HTML report (scaling-laws report): reads the embedded
// ReportResult figures and renders each with the same renderer as the panels, in the reader's
// light or dark scheme. Bundled as dist/report.js and inlined into the report with a nonce.
import type { Figure } from '../src/core/report/figures';
import { PLOT_CONFIG, toPlotly } from './shared/figures';
import { reportTheme } from './shared/theme';

declare const Plotly: { newPlot(el: HTMLElement, data: unknown[], layout: unknown, config?: unknown): Promise<unknown> };

function draw(): void {
  const source = document.getElementById('figures');
  if (!source?.textContent) return;
  const sections = JSON.parse(source.textContent) as (Figure[] | null)[];
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  const theme = reportTheme(dark);
  sections.forEach((figs, s) => {
    figs?.forEach((fig) => {
      const el = document.getElementById(`fig-${s}-${fig.id}`);
      if (!el) return;
      const f = toPlotly(fig, theme);
      void Plotly.newPlot(el, f.data, f.layout, PLOT_CONFIG);
    });
  });
}

draw();
