// Split a stream of text chunks into lines with their numbers, keeping only the unfinished last line.
import { IngestError } from './errors';

export class LineSplitter {
  private pending: string[] = [];
  private pendingLen = 0;
  private lineNo = 0;
  private first = true;
  constructor(
    private readonly file: string,
    private readonly onLine: (text: string, line: number) => void,
    private readonly maxLineChars = 64 * 1024 * 1024,
  ) {}

  push(chunk: string): void {
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let nl = chunk.indexOf('\n');
    if (nl < 0) {
      this.pending.push(chunk);
      this.pendingLen += chunk.length;
      this.check();
      return;
    }
    let start = 0;
    // first line completes the pending one
    this.pending.push(chunk.slice(0, nl));
    this.emit(this.pending.join(''));
    this.pending = [];
    this.pendingLen = 0;
    start = nl + 1;
    while ((nl = chunk.indexOf('\n', start)) >= 0) {
      this.emit(chunk.slice(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.pending.push(chunk.slice(start));
      this.pendingLen = chunk.length - start;
      this.check();
    }
  }

  end(): void {
    if (this.pendingLen > 0 || this.pending.length > 0) {
      const last = this.pending.join('');
      this.pending = [];
      this.pendingLen = 0;
      if (last.length > 0) this.emit(last);
    }
  }

  get lines(): number {
    return this.lineNo;
  }

  private emit(s: string): void {
    this.lineNo++;
    if (s.length > this.maxLineChars) this.tooLong();
    this.onLine(s.charCodeAt(s.length - 1) === 13 ? s.slice(0, -1) : s, this.lineNo);
  }

  private check(): void {
    if (this.pendingLen > this.maxLineChars) {
      this.lineNo++;
      this.tooLong();
    }
  }

  private tooLong(): never {
    throw new IngestError({ file: this.file, line: this.lineNo, column: 1 }, `expected a line of at most ${this.maxLineChars} characters, found a longer one (binary data or not line-delimited?)`);
  }
}
