// Located errors for ingestion: every message names file:line:column and what was expected.

export interface Location {
  file: string;
  /** 1-based line (text formats) or record number (binary formats). */
  line?: number;
  /** 1-based character column on that line. */
  column?: number;
  /** Byte offset, for binary formats (tfevents, parquet). */
  byte?: number;
}

export function formatLocation(loc: Location): string {
  if (loc.line !== undefined) return `${loc.file}:${loc.line}${loc.column !== undefined ? ':' + loc.column : ''}`;
  if (loc.byte !== undefined) return `${loc.file}@byte ${loc.byte}`;
  return loc.file;
}

/** The only error type ingest parsers throw for bad input. */
export class IngestError extends Error {
  readonly location: Location;
  readonly detail: string;
  constructor(location: Location, detail: string) {
    super(`${formatLocation(location)}: ${detail}`);
    this.name = 'IngestError';
    this.location = location;
    this.detail = detail;
  }
}

/** Quote a cell for a message, cut to a readable length. */
export function showText(s: string, max = 40): string {
  const t = s.length > max ? s.slice(0, max) + '…' : s;
  return `'${t.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'))}'`;
}

/** Line and column (1-based) of a character offset in a text. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}
