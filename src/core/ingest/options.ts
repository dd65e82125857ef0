// How a log is read: the part of a request that the CLI's ingest flags and the extension's
// per-file options both set. Data only (the reader is src/node/loadTable.ts).
import type { LossPurpose } from '../table/lossColumn';
import type { ReduceOptions } from '../table/reduce';
import type { NonFinitePolicy } from './tableBuilder';

export interface IngestOptions {
  /** Force a format instead of detecting it: csv, tsv, jsonl, json, tfevents, parquet, lightning, hf-trainer, wandb-csv, mlflow. */
  format?: string;
  /** CSV delimiter (sniffed when absent). */
  delimiter?: string;
  /** NaN / Infinity cells: 'missing' (default, reported), 'keep' (reported), 'error'. */
  nonFinite?: NonFinitePolicy;
  /** Columns stored as log10 values, converted to 10^x. */
  log10?: string[];
  /** Add loss = ln(ppl) when there is a perplexity column and no loss column. */
  pplToLoss?: boolean;
  /** Reduce per-run curves to one row per run. */
  reduce?: ReduceOptions;
  /** The loss column the user picked (--loss); otherwise the documented rule (src/core/table/lossColumn.ts) picks one. */
  loss?: string;
  /** What the loss is for: 'curve' or 'final' (default: 'final' with reduce, else from the table's shape). */
  lossPurpose?: LossPurpose;
}
