// Every task by name: what the worker runs for a 'run' message. The CLI calls the same functions
// directly from its commands.
import type { TaskMap, TaskName } from '../protocol/tasks';
import { optimalTask, predictTask } from './answers';
import { approachesTask } from './approaches';
import { compareTask } from './compare';
import { designTask } from './design';
import { diffTask } from './diff';
import { envelopeTask } from './envelope';
import { isoflopTask } from './isoflop';
import { planTask } from './plan';
import type { TaskContext } from './context';
import { curveExploreTask, curveExtrapolateTask, curveFitTask, curvePredictTask } from './curve';
import { figuresTask } from './figures';
import { fitTask } from './fit';
import { inspectTask } from './inspect';
import { phasesExploreTask, phasesHeatmapTask } from './phases';
import { reportTask } from './report';
import { chainTask } from './transfer';

export type Task<K extends TaskName> = (request: TaskMap[K][0], ctx: TaskContext) => TaskMap[K][1] | Promise<TaskMap[K][1]>;

export const TASKS: { [K in TaskName]: Task<K> } = {
  fit: fitTask,
  inspect: inspectTask,
  predict: predictTask,
  optimal: optimalTask,
  report: reportTask,
  figures: figuresTask,
  curveFit: curveFitTask,
  curvePredict: curvePredictTask,
  curveExtrapolate: curveExtrapolateTask,
  curveExplore: curveExploreTask,
  phasesExplore: phasesExploreTask,
  phasesHeatmap: phasesHeatmapTask,
  chain: chainTask,
  approaches: approachesTask,
  isoflop: isoflopTask,
  envelope: envelopeTask,
  plan: planTask,
  compare: compareTask,
  design: designTask,
  diff: diffTask,
};

export { isTaskName } from '../protocol/tasks';

// Every name in the protocol's list has a task, and every task a name (checked by the type system).
const _allNamed: Record<(typeof import('../protocol/tasks').TASK_NAMES)[number], unknown> = TASKS;
void _allNamed;
