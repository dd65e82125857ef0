// Placeholder: this command is being built.
import type { CliIO } from '../args';

export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.err('report: not implemented yet\n');
  return 2;
}
