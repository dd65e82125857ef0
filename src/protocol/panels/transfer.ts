// The transfer chain panel (dist/transfer.js): compute → loss → other loss → downstream error.
import { check, fields, type ArgsCheck } from '../webview';

export const TRANSFER_VIEW_TYPE = 'scalingLaws.transfer';

export const TRANSFER_ACTIONS: Record<string, ArgsCheck> = {
  pick: () => undefined,
  at: fields({ C: (v) => check.string(v, 64) || check.number(v) }),
};
