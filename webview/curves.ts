// Curve panel webview (issue #6): observed loss vs the multi-power-law prediction with a 95 %
// band, under the run's schedule and under the schedule in the editor; the LR schedule on a
// second axis. Editing the schedule asks the host for a new prediction (debounced).
import type { CurveExploreResult as CurveFitPanelResult, CurvePredictResult as CurvePrediction } from '../src/protocol/curveTasks';
import { fieldsFromSpec, KIND_FIELDS, SCHEDULE_KINDS, specFromFields, type ScheduleFields } from '../src/core/schedule/scheduleForm';
import { estimateText } from '../src/core/curves/estimateText';
import { maxOf, minOf } from '../src/core/numeric/stats';
import { action, baseLayout, draw, esc, fmt, getState, plotCard, saveState, start, status, withAlpha, type Theme } from './shared/panel';

interface State {
  file: { file: string; name: string; schedule: string };
  fit: CurveFitPanelResult;
  prediction: CurvePrediction;
  fields: ScheduleFields;
}

const st = getState<State>();
const app = document.getElementById('app')!;
const FIELD_LABELS: Record<string, string> = { warmup: 'warmup steps', total: 'total steps', peak: 'peak LR', end: 'end LR', decay: 'decay starts at step', shape: 'decay shape', switch: 'switch at step', second: 'second LR' };

app.innerHTML = `
<header><h2 id="title">Loss curve</h2><span id="kit-status" class="status"></span><div class="toolbar"><button class="kit-btn secondary" id="btn-refit">Refit</button></div></header>
<div id="kit-jobs"></div>
<div class="card" id="estimate"><p class="muted">Fitting…</p></div>
<div class="card"><h3>Schedule editor</h3><div class="kit-form" id="editor"></div><p class="muted" id="spec-text"></p></div>
${plotCard('curve', 'loss-curve', 'curve-card')}
<div class="card" id="params"></div>`;
document.getElementById('curve')!.classList.add('tall');

function editorHtml(f: ScheduleFields): string {
  const num = (k: keyof ScheduleFields, step = 'any') => `<label>${FIELD_LABELS[k]}<input class="kit-in" data-field="${k}" type="number" step="${step}" value="${f[k]}"></label>`;
  const extra = KIND_FIELDS[f.kind].map((k) => (k === 'shape'
    ? `<label>${FIELD_LABELS.shape}<select class="kit-in" data-field="shape"><option value="exp"${f.shape === 'exp' ? ' selected' : ''}>exponential</option><option value="linear"${f.shape === 'linear' ? ' selected' : ''}>linear</option></select></label>`
    : num(k, k === 'decay' || k === 'switch' ? '1' : 'any'))).join('');
  return `<label>type<select class="kit-in" data-field="kind">${SCHEDULE_KINDS.map((k) => `<option value="${k}"${k === f.kind ? ' selected' : ''}>${k}</option>`).join('')}</select></label>
  ${num('warmup', '1')}${num('total', '1')}${num('peak')}${extra}
  <button class="kit-btn secondary" id="btn-reset">Reset to the run's schedule</button>`;
}

function renderEditor(): void {
  const ed = document.getElementById('editor')!;
  if (!st.fields) {
    ed.innerHTML = '<p class="muted">The schedule editor appears once the fit is ready.</p>';
    return;
  }
  ed.innerHTML = editorHtml(st.fields);
}

function readFields(): ScheduleFields | undefined {
  if (!st.fields) return undefined;
  const f = { ...st.fields } as unknown as Record<string, unknown>;
  document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('#editor [data-field]').forEach((el) => {
    const k = el.dataset.field!;
    f[k] = k === 'kind' || k === 'shape' ? el.value : Number(el.value);
  });
  return f as unknown as ScheduleFields;
}

let timer: number | undefined;
function onEdit(kindChanged: boolean): void {
  const f = readFields();
  if (!f) return;
  st.fields = f;
  if (kindChanged) renderEditor();
  window.clearTimeout(timer);
  timer = window.setTimeout(() => {
    let spec: string;
    try {
      spec = specFromFields(f);
    } catch (e) {
      status((e as Error).message, true);
      return;
    }
    document.getElementById('spec-text')!.textContent = `SPEC: ${spec}`;
    saveState({ fields: f });
    status(`predicting under ${spec}`);
    action('predict', { spec });
  }, 250);
}

document.getElementById('editor')!.addEventListener('input', (e) => onEdit((e.target as HTMLElement).dataset.field === 'kind'));
document.getElementById('editor')!.addEventListener('change', (e) => onEdit((e.target as HTMLElement).dataset.field === 'kind'));
document.addEventListener('click', (e) => {
  const id = (e.target as HTMLElement).id;
  if (id === 'btn-refit') action('refit');
  if (id === 'btn-reset' && st.fit?.spec) {
    st.fields = fieldsFromSpec(st.fit.spec);
    renderEditor();
    onEdit(false);
  }
});

function curveFigure(t: Theme) {
  const fit = st.fit;
  if (!fit) return undefined;
  const data: unknown[] = [];
  const band = (p: CurvePrediction, color: string, name: string, dash: string) => {
    data.push({ type: 'scatter', mode: 'lines', x: p.step, y: p.hi, line: { width: 0, color }, hoverinfo: 'skip', showlegend: false, legendgroup: name });
    data.push({ type: 'scatter', mode: 'lines', x: p.step, y: p.lo, line: { width: 0, color }, fill: 'tonexty', fillcolor: withAlpha(color, t.highContrast ? 0.35 : 0.18), hoverinfo: 'skip', showlegend: false, legendgroup: name });
    data.push({ type: 'scatter', mode: 'lines', x: p.step, y: p.loss, name, legendgroup: name, line: { color, width: t.highContrast ? 3 : 2, dash }, hovertemplate: `${esc(name)}<br>step %{x}<br>loss %{y:.4f}<extra></extra>` });
  };
  band(fit.prediction, t.palette[0], fit.partial ? `${fit.previewPoints ? 'preview' : 'point fit'}, run's schedule (band follows)` : `fit, run's schedule (95 %)`, 'solid');
  const pr = st.prediction;
  if (pr) band(pr, t.palette[1], `edited schedule (95 %)`, t.highContrast ? 'dash' : 'solid');
  data.push({ type: 'scatter', mode: 'markers', x: fit.observed.step, y: fit.observed.loss, name: `observed (${fit.observed.step.length})`, marker: { size: 4, color: t.fg, opacity: 0.75 } });
  const lrOf = pr ?? fit.prediction;
  data.push({ type: 'scatter', mode: 'lines', x: fit.prediction.step, y: fit.prediction.lr, name: 'LR (run)', yaxis: 'y2', line: { color: withAlpha(t.palette[2], 0.9), width: 1.2, dash: 'dot' } });
  if (pr) data.push({ type: 'scatter', mode: 'lines', x: lrOf.step, y: lrOf.lr, name: 'LR (edited)', yaxis: 'y2', line: { color: withAlpha(t.palette[4], 0.9), width: 1.2, dash: 'dot' } });
  const obs = fit.observed.loss, pred = fit.prediction.loss;
  const lo = Math.min(minOf(obs), minOf(pred));
  const hi = Math.max(maxOf(obs.slice(Math.floor(obs.length * 0.05))), maxOf(pred.slice(Math.floor(pred.length * 0.05))));
  const layout = baseLayout(t, `${esc(fit.name)}: observed vs predicted loss`, { title: 'step', tickformat: '~s' }, { title: 'loss', range: [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)] }, {
    yaxis2: { title: { text: 'learning rate' }, overlaying: 'y', side: 'right', showgrid: false, color: t.fg, exponentformat: 'power', rangemode: 'tozero', tickmode: 'auto', nticks: 6 },
    margin: { l: 62, r: 84, t: 36, b: 64 },
  });
  return { data, layout };
}

function renderEstimate(): void {
  const fit = st.fit;
  const el = document.getElementById('estimate')!;
  if (!fit) return;
  const e = fit.extrapolation;
  const pr = st.prediction;
  el.innerHTML = `<h3 id="estimate-text">${esc(estimateText(e))}</h3>
  <p class="muted">${Number.isFinite(e.lower) && Number.isFinite(e.upper) ? `${Math.round(e.level * 100)} % interval ${e.lower.toFixed(4)} – ${e.upper.toFixed(4)}` : `${fit.previewPoints ? `preview on ${fit.previewPoints} of the points` : 'point fit'}; the ${Math.round(e.level * 100)} % interval follows`} under the run's schedule (${esc(fit.schedule)}); observed until step ${e.observedUntil}. Same procedure as <code>scaling-laws curve extrapolate</code>: ${esc(e.law)} law${Object.keys(e.fixed).length ? `, held ${Object.entries(e.fixed).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}, ${fit.partial ? 'moving-block bootstrap refits under way' : `${e.bootstrap.replicates} moving-block bootstrap refits`}.</p>
  ${pr ? `<p id="edited-final">Edited schedule: loss <b>${pr.final.loss.toFixed(4)}</b> at step ${pr.final.step} (95 % band ${fmt(pr.final.lo)} – ${fmt(pr.final.hi)}; ${fit.draws.length} parameter draws + observation noise).</p>` : ''}`;
}

function renderParams(): void {
  const fit = st.fit;
  if (!fit) return;
  const pick = fit.loss && fit.loss.choices.length > 1
    ? ` <label>Fit another: <select id="loss-pick" class="kit-in">${fit.loss.choices.map((c) => `<option value="${esc(c)}"${c === fit.loss!.column ? ' selected' : ''}>${esc(c)}</option>`).join('')}</select></label>`
    : '';
  const loss = fit.loss ? `<p id="loss-column" class="muted">Loss column <b>${esc(fit.loss.column)}</b>: ${esc(fit.loss.reason.replace(/; pick another with --loss COLUMN$/, ''))}.${pick}</p>` : '';
  document.getElementById('params')!.innerHTML = `<h3>Parameters (${esc(fit.law)})</h3><table class="kit-kv"><tbody>${fit.paramNames.map((n, i) => `<tr><th>${esc(n)}</th><td class="num">${fmt(fit.params[i], 5)}</td><td>${Object.hasOwn(fit.fixed, n) ? 'held' : ''}</td></tr>`).join('')}</tbody></table>${loss}`;
  document.getElementById('loss-pick')?.addEventListener('change', (e) => {
    const loss = (e.target as HTMLSelectElement).value;
    status(`refitting on '${loss}'…`);
    action('refit', { loss });
  });
}

function redraw(): void {
  if (st.file) document.getElementById('title')!.textContent = `Loss curve: ${st.file.name}`;
  draw('curve', curveFigure);
  renderEstimate();
  renderParams();
}

start({
  file: (v) => { st.file = v as State['file']; saveState({ file: st.file }); redraw(); },
  fit: (v) => {
    st.fit = v as CurveFitPanelResult;
    st.prediction = undefined as unknown as CurvePrediction;
    st.fields = st.fit.spec ? fieldsFromSpec(st.fit.spec) : undefined as unknown as ScheduleFields;
    saveState({ fit: st.fit, prediction: undefined, fields: st.fields });
    renderEditor();
    document.getElementById('spec-text')!.textContent = st.fit.spec ? `SPEC: ${st.fit.spec}` : 'The run\'s schedule came from its lr column; choose a type to edit it.';
    const n = st.fit.observed.step.length;
    status(st.fit.previewPoints
      ? `preview: ${st.fit.law} fitted on ${st.fit.previewPoints} of the ${n} points (evenly spaced); the fit on all of them follows…`
      : st.fit.partial ? `point fit of ${st.fit.law} shown; its interval and parameter draws follow…` : `fitted ${st.fit.law} on ${n} points`);
    redraw();
  },
  prediction: (v) => { st.prediction = v as CurvePrediction; saveState({ prediction: st.prediction }); status(`predicted under ${st.prediction.schedule}`); redraw(); },
});
renderEditor();
redraw();
