// Placeholder: this command is being built (see the issue that owns it).
import type { CliIO } from '../args';

export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.err('plan: not implemented yet\n');
  return 2;
}
