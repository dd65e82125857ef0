// Figure (src/core/report/figures.ts) → plotly traces and layout, for a theme. The one renderer of
// the results panel, the Viewer, the HTML report and the publication export. Every string handed
// to plotly is escaped: plotly renders a subset of HTML in names and hover text (links, styles).
import { escapeHtml } from '../../src/core/report/escape';
import type { Figure, Trace } from '../../src/core/report/figures';
import { withAlpha } from './colors';
import type { Theme } from './theme';

/** Escape for plotly's pseudo-HTML; new lines become <br>. */
export function plotlyText(s: string): string {
  return escapeHtml(s).replace(/\n/g, '<br>');
}

export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

function colorOf(t: Trace, theme: Theme, index: number): string {
  if (t.role === 'flagged') return theme.warn;
  if (t.role === 'excluded') return theme.muted;
  if (t.role === 'reference') return theme.fg;
  return theme.palette[(t.group ?? index) % theme.palette.length];
}

function traceData(t: Trace, theme: Theme, index: number, axisNames: { x: string; y: string }): Record<string, unknown>[] {
  const color = colorOf(t, theme, index);
  const name = plotlyText(t.name);
  const out: Record<string, unknown>[] = [];
  if (t.kind === 'line') {
    if (t.lo && t.hi) {
      out.push({ type: 'scatter', mode: 'lines', x: t.x, y: t.hi, line: { width: 0, color }, hoverinfo: 'skip', showlegend: false, legendgroup: name });
      out.push({ type: 'scatter', mode: 'lines', x: t.x, y: t.lo, line: { width: 0, color }, fill: 'tonexty', fillcolor: withAlpha(color, theme.highContrast ? 0.35 : 0.18), hoverinfo: 'skip', showlegend: false, legendgroup: name, name: plotlyText(t.band ?? '95 % band') });
    }
    const dash = t.role === 'reference' ? 'dot' : theme.highContrast && index % 2 ? 'dash' : 'solid';
    out.push({
      type: 'scatter', mode: 'lines', x: t.x, y: t.y, name, legendgroup: name, showlegend: t.role !== 'reference',
      line: { color, width: t.role === 'reference' ? 1 : theme.highContrast ? 3 : 2, dash },
      ...(t.role === 'reference' ? { hoverinfo: 'skip' } : { hovertemplate: `${name}<br>${plotlyText(axisNames.x)} = %{x:.4g}<br>${plotlyText(axisNames.y)} = %{y:.5g}${t.lo ? '<br>' + plotlyText(t.band ?? '') : ''}<extra></extra>` }),
    });
    return out;
  }
  const symbol = t.role === 'flagged' ? 'x' : t.role === 'excluded' ? 'circle-open' : 'circle';
  out.push({
    type: 'scatter', mode: 'markers', x: t.x, y: t.y, name, legendgroup: name,
    text: (t.text ?? []).map(plotlyText), customdata: t.rows, hovertemplate: t.text ? '%{text}<extra></extra>' : `${name}<br>%{x:.4g}, %{y:.5g}<extra></extra>`,
    marker: { color, size: t.role === 'flagged' ? 10 : 7, symbol, line: { width: theme.highContrast ? 2 : 0.5, color: t.role === 'flagged' ? color : theme.fg } },
  });
  return out;
}

export interface RenderOptions {
  /** Put the title inside the image (exports); panels show it as HTML above the plot. */
  withTitle?: boolean;
  /** Font size for print. */
  fontSize?: number;
  /** Override an axis scale (the panel's log/linear toggle). */
  yLog?: boolean;
}

export function toPlotly(fig: Figure, theme: Theme, opts: RenderOptions = {}): PlotlyFigure {
  const data = fig.traces.flatMap((t, i) => traceData(t, theme, i, { x: fig.x.title, y: fig.y.title }));
  const axis = (a: { title: string; log: boolean }) => ({
    title: { text: plotlyText(a.title), standoff: 6 }, type: a.log ? 'log' : 'linear', exponentformat: 'power', showexponent: 'all',
    gridcolor: theme.grid, zerolinecolor: theme.grid, linecolor: theme.fg, tickcolor: theme.fg, color: theme.fg, automargin: true,
  });
  const exportBg = theme.publication || opts.withTitle;
  const layout: Record<string, unknown> = {
    ...(opts.withTitle ? { title: { text: plotlyText(fig.title), font: { size: (opts.fontSize ?? 12) + 2 } } } : {}),
    paper_bgcolor: exportBg ? theme.bg : 'rgba(0,0,0,0)',
    plot_bgcolor: exportBg ? theme.bg : 'rgba(0,0,0,0)',
    font: { color: theme.fg, family: theme.font, size: opts.fontSize ?? 11 },
    xaxis: axis(fig.x),
    yaxis: axis({ ...fig.y, log: opts.yLog ?? fig.y.log }),
    margin: { l: 64, r: 16, t: opts.withTitle ? 44 : 12, b: 56 },
    legend: { orientation: 'h', x: 0, y: -0.2, yanchor: 'top', font: { size: (opts.fontSize ?? 11) - 1 } },
    hovermode: 'closest',
    showlegend: true,
  };
  return { data, layout };
}

/** Plotly config: the mode bar only on hover, at the side, so it never covers a title or a legend. */
export const PLOT_CONFIG = { displaylogo: false, responsive: true, displayModeBar: 'hover', modeBarButtonsToRemove: ['toImage', 'sendDataToCloud', 'lasso2d', 'select2d', 'autoScale2d'] };
