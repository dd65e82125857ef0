// The results panel and the Viewer's page: a PanelHost definition around the results webview
// (dist/results.js). The panel shows a fit (report + figures from the worker) and exports the
// report as CSV / JSON / Markdown next to the log (never over it).
import * as vscode from 'vscode';
import { reportToMarkdown } from '../../core/report/markdown';
import { RESULTS_ACTIONS, RESULTS_VIEW_TYPE, validResultsState, type ResultsData, type ResultsFit, type ResultsView } from '../../protocol/panels/results';
import type { InspectResult } from '../../protocol/tasks';
import { exportFileName, pointsCsv } from '../host/exports';
import { PanelHost, type PanelDefinition } from '../host/panelHost';

export interface ResultsHandlers {
  log(line: string): void;
  /** Refit with these roles (the Viewer's role controls). */
  onRefit?(mapping: Record<string, string>): void;
  onCopyCli?(): void;
  /** Leave rows out (or put them all back with `undefined`) and refit. */
  onExclude?(rows: number[] | undefined): void;
  onDispose?(): void;
}

/** A results or Viewer page: what it shows, kept so a restored or re-revealed page gets it again. */
export class ResultsPage {
  readonly host: PanelHost;
  data: ResultsData;

  constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, view: ResultsView, private readonly handlers: ResultsHandlers) {
    this.data = { view, fit: null, table: null, mapping: {} };
    const def: PanelDefinition = {
      viewType: RESULTS_VIEW_TYPE,
      script: 'results.js',
      panel: view.kind,
      actions: RESULTS_ACTIONS,
      log: handlers.log,
      inputs: () => (this.data.view.file ? [this.data.view.file] : []),
      exportBase: () => (this.data.view.file ? vscode.Uri.joinPath(vscode.Uri.file(this.data.view.file), '..') : undefined),
      onReady: (host, state) => {
        // A restored webview shows what it saved until the host has something newer.
        const saved = validResultsState(state);
        if (saved?.fit && !this.data.fit) this.data = { ...this.data, ...saved, view: { ...this.data.view, ...(saved.view ?? {}) } } as ResultsData;
        for (const key of ['view', 'mapping', 'table', 'fit'] as const) host.data(key, this.data[key]);
      },
      onAction: async (host, name, args) => {
        if (name === 'refit') return handlers.onRefit?.(args.mapping as Record<string, string>);
        if (name === 'copyCli') return handlers.onCopyCli?.();
        if (name === 'exclude') return handlers.onExclude?.(args.rows as number[]);
        if (name === 'includeAll') return handlers.onExclude?.(undefined);
        if (name === 'compareHistory') return void vscode.commands.executeCommand('scalingLaws.compareWithPreviousFit');
        if (name === 'exportData') {
          const report = this.data.fit?.report;
          if (!report) throw new Error('no fit to export yet');
          const format = args.format as 'csv' | 'json' | 'md';
          const text = format === 'csv' ? pointsCsv(report) : format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportToMarkdown(report);
          const name = exportFileName(this.data.view.file, format === 'csv' ? 'points.csv' : format === 'json' ? 'fit.json' : 'fit.md');
          await host.saveExport(0, name, new TextEncoder().encode(text));
        }
      },
      onDispose: () => handlers.onDispose?.(),
    };
    this.host = new PanelHost(panel, extensionUri, def);
  }

  setView(view: ResultsView): void {
    this.data.view = view;
    this.host.panel.title = view.title;
    this.host.data('view', view);
  }

  setFit(fit: ResultsFit | null): void {
    this.data.fit = fit;
    this.host.data('fit', fit);
  }

  setTable(table: InspectResult | null, mapping?: Record<string, string>): void {
    this.data.table = table;
    if (mapping) {
      this.data.mapping = mapping;
      this.host.data('mapping', mapping);
    }
    this.host.data('table', table);
  }

  busy(job: string, message?: string): void {
    this.host.post({ type: 'busy', job, busy: true, message });
  }

  progress(job: string, done: number, total: number, message?: string): void {
    this.host.post({ type: 'progress', job, done, total, message });
  }

  idle(job: string, message?: string): void {
    this.host.post({ type: 'busy', job, busy: false, message });
  }
}
