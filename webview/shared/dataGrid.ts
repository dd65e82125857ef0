// The Viewer's run table as a data grid: every row, virtualised (only the rows in view are in the
// DOM, so 100k rows scroll smoothly), sorted by a header click, filtered by text, rows ticked for
// exclusion. Cells are the inspect task's display strings; sorting parses them back to numbers.
import { escapeHtml as esc } from '../../src/core/report/escape';

export interface GridColumn {
  name: string;
  role: string | null;
  type: string;
}

export interface GridData {
  columns: GridColumn[];
  /** Display strings, table order; row k (0-based) is table row k + 1. */
  rows: string[][];
  /** Rows in the whole table (may exceed rows.length when the host sent a prefix). */
  total: number;
  format: string;
  /** Table rows (1-based) left out of the active fit. */
  excluded: ReadonlySet<number>;
}

const ROW_HEIGHT = 22;
const VIEW_ROWS = 16;
const OVERSCAN = 10;

export class DataGrid {
  private sortCol = -1;
  private sortDesc = false;
  private filter = '';
  private order: number[] = [];
  private data: GridData | undefined;
  private scrollTop = 0;
  private frame = 0;

  /** `selected` is shared with the caller (the diagnostics card uses the same selection). */
  constructor(private readonly selected: Set<number>, private readonly onSelection: () => void) {}

  html(data: GridData): string {
    this.data = data;
    this.recompute();
    const d = data;
    const head = d.columns.map((c, i) => {
      const arrow = i === this.sortCol ? (this.sortDesc ? ' ▼' : ' ▲') : '';
      return `<th data-sort="${i}" title="Sort by ${esc(c.name)}" aria-sort="${i === this.sortCol ? (this.sortDesc ? 'descending' : 'ascending') : 'none'}">${esc(c.name)}${c.role ? ` <span class="badge">${esc(c.role)}</span>` : ''}${arrow}</th>`;
    }).join('');
    const prefix = d.rows.length < d.total ? ` · showing the first ${esc(d.rows.length.toLocaleString('en-US'))}` : '';
    const k = this.selected.size;
    return `<div class="card runs" id="runs-card"><h3>Runs <span class="muted" id="row-count" data-rows="${esc(String(d.total))}">${esc(d.total.toLocaleString('en-US'))} rows · ${esc(d.format)}${prefix}</span></h3>
  <div class="grid-tools"><input class="kit-in" id="grid-filter" type="search" placeholder="Filter rows (text in any cell)" value="${esc(this.filter)}" aria-label="Filter rows">
  <span class="muted" id="grid-shown">${esc(this.order.length.toLocaleString('en-US'))} shown</span>
  <button class="kit-btn" data-act="exclude-selected" ${k ? '' : 'disabled'} id="grid-exclude">Exclude ${k ? esc(String(k)) + ' ' : ''}ticked row${k === 1 ? '' : 's'} and refit</button></div>
  <div class="table-scroll grid-scroll" id="grid-scroll" style="height:${VIEW_ROWS * ROW_HEIGHT + 28}px"><table id="run-table"><thead><tr><th class="num" data-sort="-1" title="Table row (as --exclude-rows numbers it)">row</th>${head}</tr></thead><tbody id="grid-body"></tbody></table></div></div>`;
  }

  /** Attach handlers after the HTML is in the document. */
  mount(): void {
    const scroll = document.getElementById('grid-scroll');
    if (!scroll || !this.data) return;
    scroll.scrollTop = this.scrollTop;
    scroll.addEventListener('scroll', () => {
      this.scrollTop = scroll.scrollTop;
      if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.body(); });
    });
    const filter = document.getElementById('grid-filter') as HTMLInputElement | null;
    filter?.addEventListener('input', () => {
      this.filter = filter.value;
      this.recompute();
      this.scrollTop = 0;
      scroll.scrollTop = 0;
      const shown = document.getElementById('grid-shown');
      if (shown) shown.textContent = `${this.order.length.toLocaleString('en-US')} shown`;
      this.body();
    });
    scroll.querySelector('thead')?.addEventListener('click', (e) => {
      const th = (e.target as HTMLElement).closest('th[data-sort]') as HTMLElement | null;
      if (!th) return;
      const col = Number(th.dataset.sort);
      if (col === this.sortCol) this.sortDesc = !this.sortDesc;
      else [this.sortCol, this.sortDesc] = [col, false];
      this.recompute();
      scroll.querySelectorAll('th[data-sort]').forEach((h) => {
        const c = Number((h as HTMLElement).dataset.sort);
        h.setAttribute('aria-sort', c === this.sortCol ? (this.sortDesc ? 'descending' : 'ascending') : 'none');
        h.textContent = h.textContent!.replace(/ [▲▼]$/, '') + (c === this.sortCol ? (this.sortDesc ? ' ▼' : ' ▲') : '');
      });
      this.body();
    });
    scroll.querySelector('tbody')?.addEventListener('change', (e) => {
      const box = e.target as HTMLInputElement;
      const row = Number(box.dataset.row);
      if (!Number.isInteger(row)) return;
      if (box.checked) this.selected.add(row);
      else this.selected.delete(row);
      this.onSelection();
    });
    this.body();
  }

  /** Refresh the tick boxes and the button after the selection changed elsewhere. */
  syncSelection(): void {
    const k = this.selected.size;
    const b = document.getElementById('grid-exclude') as HTMLButtonElement | null;
    if (b) {
      b.disabled = k === 0;
      b.textContent = `Exclude ${k ? k + ' ' : ''}ticked row${k === 1 ? '' : 's'} and refit`;
    }
    document.querySelectorAll<HTMLInputElement>('#grid-body input[data-row]').forEach((box) => (box.checked = this.selected.has(Number(box.dataset.row))));
  }

  private recompute(): void {
    const d = this.data;
    if (!d) return;
    const needle = this.filter.trim().toLowerCase();
    let order = d.rows.map((_, i) => i);
    if (needle) order = order.filter((i) => String(i + 1) === needle || d.rows[i].some((c) => c.toLowerCase().includes(needle)));
    const col = this.sortCol;
    if (col >= 0) {
      const numeric = d.columns[col]?.type === 'number';
      const key = (i: number) => d.rows[i][col] ?? '';
      order.sort((a, b) => {
        let r: number;
        if (numeric) {
          const x = key(a) === '' ? NaN : Number(key(a));
          const y = key(b) === '' ? NaN : Number(key(b));
          // Missing values last in either direction.
          if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? a - b : 1) : -1;
          r = x - y;
        } else r = key(a).localeCompare(key(b));
        return (this.sortDesc ? -r : r) || a - b;
      });
    } else if (this.sortDesc) order.reverse();
    this.order = order;
  }

  private body(): void {
    const tbody = document.getElementById('grid-body');
    const d = this.data;
    if (!tbody || !d) return;
    const first = Math.max(0, Math.floor(this.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.order.length, first + VIEW_ROWS + 2 * OVERSCAN);
    const pad = (n: number) => (n > 0 ? `<tr class="spacer" style="height:${n * ROW_HEIGHT}px"><td colspan="${d.columns.length + 1}"></td></tr>` : '');
    const rows: string[] = [];
    for (let k = first; k < last; k++) {
      const i = this.order[k];
      const row = i + 1;
      const out = d.excluded.has(row);
      rows.push(`<tr data-table-row="${row}"${out ? ' class="excluded" title="left out of the active fit"' : ''} style="height:${ROW_HEIGHT}px"><td class="rownum"><label><input type="checkbox" data-row="${row}" ${this.selected.has(row) ? 'checked' : ''} aria-label="select row ${row}"> ${row}</label></td>${d.rows[i].map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
    }
    tbody.innerHTML = pad(first) + rows.join('') + pad(this.order.length - last);
  }
}
