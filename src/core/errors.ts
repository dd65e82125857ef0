// The errors every layer shares. Whatever the face (CLI, worker, panel), bad input is an
// InputError (exit code 2: the user can fix the request), a computation that ran and failed is a
// RunError (exit code 1), and a job stopped on request is a CancelledError.

/** Bad input: a missing or malformed file, an unknown flag value, a request that cannot be answered. */
export class InputError extends Error {
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The computation ran but failed (a fit that did not converge, a non-finite answer). */
export class RunError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string) {
    super(message);
    this.name = 'RunError';
  }
}

export class CancelledError extends Error {
  readonly exitCode: number = 130;
  readonly cancelled = true;
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** Exit code for any thrown value: the error's own, else 1. */
export function exitCodeOf(e: unknown): number {
  const code = (e as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' ? code : 1;
}
