// Host ⇄ webview: one small envelope for every panel. Each panel kind adds its own typed `data`
// keys and `action` names (src/protocol/panels/*.ts) with a validator, and the host checks every
// message a webview sends (and any state it restores) against them before acting on it.

export type FromWebview =
  /** Sent once listeners are attached; `state` is what the webview saved with setState (restore). */
  | { type: 'ready'; state?: unknown }
  | { type: 'action'; action: string; args?: Record<string, unknown> }
  | { type: 'cancel'; job: string }
  /** An image or text the user asked to save; `payload` is a data: URL (png/svg) or plain text. */
  | { type: 'export'; id: number; name: string; payload: string }
  | { type: 'log'; level: 'info' | 'error'; message: string };

export type ToWebview =
  | { type: 'data'; key: string; value: unknown }
  | { type: 'progress'; job: string; done: number; total: number; message?: string }
  | { type: 'busy'; job: string; busy: boolean; message?: string }
  | { type: 'error'; job?: string; message: string }
  | { type: 'exportDone'; id: number; ok: boolean; message: string };

/** A panel's contract: the data keys the host sends and the actions the webview may ask for. */
export interface PanelContract<Data extends Record<string, unknown>, Actions extends Record<string, Record<string, unknown>>> {
  data: Data;
  actions: Actions;
}

/** A check of one action's arguments: undefined when valid, else why not. */
export type ArgsCheck = (args: Record<string, unknown>) => string | undefined;

const MAX_TEXT = 64 * 1024;
const MAX_PAYLOAD = 64 * 1024 * 1024;

const isStr = (v: unknown, max = MAX_TEXT) => typeof v === 'string' && v.length <= max;
const isId = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Why `m` is not a valid message from a webview of a panel whose actions are `actions`, or
 * undefined when it is valid. Unknown actions and malformed arguments are refused.
 */
export function validateFromWebview(m: unknown, actions: Record<string, ArgsCheck>): string | undefined {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return 'not an object';
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
      return undefined;
    case 'action': {
      if (!isStr(o.action, 64) || !Object.hasOwn(actions, o.action as string)) return `unknown action '${String(o.action).slice(0, 64)}'`;
      const args = o.args ?? {};
      if (typeof args !== 'object' || args === null || Array.isArray(args)) return 'action args must be an object';
      return actions[o.action as string](args as Record<string, unknown>);
    }
    case 'cancel':
      return isStr(o.job, 256) ? undefined : 'cancel needs a job name';
    case 'export':
      if (!isId(o.id)) return 'export needs a numeric id';
      if (!isStr(o.name, 256) || /[\\/]/.test(o.name as string)) return 'export name must be a plain file name';
      return isStr(o.payload, MAX_PAYLOAD) ? undefined : 'export payload must be text';
    case 'log':
      return (o.level === 'info' || o.level === 'error') && isStr(o.message) ? undefined : 'log needs a level and a message';
    default:
      return `unknown message type '${String(o.type).slice(0, 32)}'`;
  }
}

/** Small argument checkers for panel contracts. */
export const check = {
  number: (v: unknown) => typeof v === 'number' && Number.isFinite(v),
  string: (v: unknown, max = 4096) => typeof v === 'string' && v.length <= max,
  stringRecord: (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v) && Object.entries(v as object).every(([k, x]) => k.length <= 256 && typeof x === 'string' && x.length <= 4096),
  intArray: (v: unknown, max = 1_000_000) => Array.isArray(v) && v.length <= max && v.every((x) => Number.isInteger(x) && x >= 0),
  oneOf: <T extends string>(v: unknown, values: readonly T[]) => typeof v === 'string' && (values as readonly string[]).includes(v),
};

/** An ArgsCheck from per-field predicates; fields marked optional may be absent. */
export function fields(spec: Record<string, (v: unknown) => boolean>, optional: string[] = []): ArgsCheck {
  return (args) => {
    for (const [k, ok] of Object.entries(spec)) {
      const present = Object.hasOwn(args, k) && args[k] !== undefined;
      if (!present) {
        if (optional.includes(k)) continue;
        return `missing '${k}'`;
      }
      if (!ok(args[k])) return `bad '${k}'`;
    }
    return undefined;
  };
}
