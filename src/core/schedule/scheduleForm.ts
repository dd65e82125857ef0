// The curve panel's schedule editor as data (no 'vscode', no DOM; used by the webview and the
// tests): form fields ⇄ the CLI's schedule SPEC text (`cosine:warmup=2160,total=24000,...`).
import { formatScheduleSpec, parseScheduleSpec, type ScheduleSpec } from './schedule';

export const SCHEDULE_KINDS = ['constant', 'cosine', 'wsd', 'two-stage', 'linear', 'inverse-sqrt'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export interface ScheduleFields {
  kind: ScheduleKind;
  warmup: number;
  total: number;
  peak: number;
  end: number;
  /** WSD: first step of the decay */
  decay: number;
  shape: 'exp' | 'linear';
  /** two-stage */
  switch: number;
  second: number;
}

/** Which fields a kind uses (beyond warmup, total, peak). */
export const KIND_FIELDS: Record<ScheduleKind, (keyof ScheduleFields)[]> = {
  constant: [],
  cosine: ['end'],
  wsd: ['decay', 'end', 'shape'],
  'two-stage': ['switch', 'second'],
  linear: ['end'],
  'inverse-sqrt': [],
};

/** SPEC text for the fields (validated by the core parser; throws its readable error). */
export function specFromFields(f: ScheduleFields): string {
  const parts = [`warmup=${Math.round(f.warmup)}`, `total=${Math.round(f.total)}`, `peak=${f.peak}`];
  for (const k of KIND_FIELDS[f.kind]) {
    const v = f[k];
    parts.push(`${k}=${typeof v === 'number' && (k === 'decay' || k === 'switch') ? Math.round(v) : v}`);
  }
  const text = `${f.kind}:${parts.join(',')}`;
  return formatScheduleSpec(parseScheduleSpec(text));
}

/** Fields for a SPEC, with sensible values for the fields the kind does not use. */
export function fieldsFromSpec(text: string): ScheduleFields {
  const s = parseScheduleSpec(text) as Exclude<ScheduleSpec, { kind: 'array' }>;
  const base: ScheduleFields = {
    kind: s.kind as ScheduleKind, warmup: s.warmup, total: s.total, peak: s.peak,
    end: s.peak / 10, decay: Math.round(s.warmup + 0.8 * (s.total - s.warmup)), shape: 'exp',
    switch: Math.round(s.total / 2), second: s.peak / 10,
  };
  if ('end' in s) base.end = s.end;
  if (s.kind === 'wsd') { base.decay = s.decay; base.shape = s.shape; }
  if (s.kind === 'two-stage') { base.switch = s.switch; base.second = s.second; }
  return base;
}
