// Messages from the host are checked before they are acted on: a malformed one is answered with
// an error (when it has an id) and otherwise ignored.
import type { ToWorker } from '../protocol/worker';

const isId = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Why `m` is not a ToWorker message, or undefined when it is one. */
export function validateToWorker(m: unknown): string | undefined {
  if (!m || typeof m !== 'object') return 'not an object';
  const o = m as Record<string, unknown>;
  const type = o.type as ToWorker['type'];
  if (!isId(o.id)) return 'missing numeric id';
  switch (type) {
    case 'ping':
    case 'cancel':
    case 'crash':
      return undefined;
    case 'hang':
      return typeof o.ms === 'number' && o.ms >= 0 && o.ms <= 600_000 ? undefined : 'hang needs ms in [0, 600000]';
    case 'run':
      if (typeof o.task !== 'string') return 'run needs a task name';
      if (!o.request || typeof o.request !== 'object') return 'run needs a request object';
      if (o.lane !== undefined && typeof o.lane !== 'string') return 'lane must be a string';
      if (o.figures !== undefined && (typeof o.figures !== 'object' || o.figures === null)) return 'figures must be an object';
      return undefined;
    default:
      return `unknown message type '${String(type)}'`;
  }
}
