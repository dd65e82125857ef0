// Single source of the tool version recorded in every FitReport: set by the build from
// package.json; when the sources run unbundled (tests under tsx), read from package.json itself,
// so a report says the same version however it was produced.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

declare const __VERSION__: string | undefined;

function fromPackage(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0-dev';
  }
}

export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : fromPackage();
