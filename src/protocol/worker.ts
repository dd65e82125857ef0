// Host ⇄ worker process. The host asks for a task by name with its request (the same request the
// CLI builds from flags); the worker answers with progress, optional partial results, then the
// result or an error. Requests carry an id the answers repeat, so the host can match and cancel.
import type { FigureOptions, FigureSet } from '../core/report/figures';
import type { TaskMap, TaskName } from './tasks';

export interface RunMessage<K extends TaskName = TaskName> {
  type: 'run';
  id: number;
  task: K;
  request: TaskMap[K][0];
  /** Jobs of one lane run one at a time, on their own thread (default lane: the task name). */
  lane?: string;
  /** For tasks that return a FitReport: also build its figures (at each partial and at the end). */
  figures?: FigureOptions;
}

export type ToWorker =
  | RunMessage
  | { type: 'cancel'; id: number }
  | { type: 'ping'; id: number }
  /** Test hooks: make the worker crash or hang so restart paths can be exercised. */
  | { type: 'crash'; id: number }
  | { type: 'hang'; id: number; ms: number };

export type FromWorker =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: number; phase: string; done: number; total: number }
  /** An intermediate result (e.g. the point fit before its bootstrap), with figures when asked. */
  | { type: 'partial'; id: number; value: unknown; figures?: FigureSet }
  | { type: 'result'; id: number; value: unknown; figures?: FigureSet; elapsedMs: number }
  | { type: 'pong'; id: number }
  | { type: 'error'; id: number; message: string; exitCode: number; cancelled?: boolean };

/** What a lane thread receives (inside the worker process). */
export interface ThreadRun {
  type: 'run';
  id: number;
  task: TaskName;
  request: unknown;
  figures?: FigureOptions;
  /** Int32Array view: [0] != 0 means stop. */
  stop: SharedArrayBuffer;
}

export type ThreadReply = Exclude<FromWorker, { type: 'ready' } | { type: 'pong' }>;
