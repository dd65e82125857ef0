// Property-based fuzzing: every parser, fed arbitrary text or bytes, either returns a table or throws an
// IngestError whose message starts with the file name and a location. Never hangs, never anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsvText, CsvParser } from '../../../../src/core/ingest/csv';
import { IngestError } from '../../../../src/core/ingest/errors';
import { JsonlParser, parseJsonText } from '../../../../src/core/ingest/json';
import { mlflowRunTable } from '../../../../src/core/ingest/mlflow';
import { parseTfEvents } from '../../../../src/core/ingest/tfevents';
import { parseParquet, wandbCsvToLong } from '../../../../src/core/ingest/wandb';
import { sniffFormat } from '../../../../src/core/ingest/detect';
import { eventFile } from './tfeventsWriter';

const LOCATED = /^f\.x(:\d+(:\d+)?|@byte \d+)?: \S/;

function expectLocated(fn: () => unknown): void {
  try {
    const t = fn() as { rowCount: number; columns: unknown[] } | undefined;
    if (t) assert.ok(t.rowCount >= 0 && Array.isArray(t.columns));
  } catch (e) {
    if (!(e instanceof IngestError)) throw new Error(`threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.match(e.message, LOCATED);
  }
}

async function expectLocatedAsync(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof IngestError)) throw new Error(`threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.match(e.message, LOCATED);
  }
}

const csvish = fc.stringMatching(/^[a-z0-9,;\t"\r\n .eE+\-BMT]*$/, { maxLength: 300 });
const anyText = fc.oneof(fc.string({ maxLength: 300 }), csvish, fc.string({ unit: 'binary', maxLength: 200 }));

test('fuzz CSV (text and chunked)', () => {
  fc.assert(
    fc.property(anyText, fc.nat(300), (s, cut) => {
      expectLocated(() => parseCsvText(s, { file: 'f.x' }));
      expectLocated(() => {
        const p = new CsvParser({ file: 'f.x', maxRecordChars: 100 });
        p.push(s.slice(0, cut));
        p.push(s.slice(cut));
        return p.end();
      });
    }),
    { numRuns: 1500 },
  );
});

test('fuzz W&B reshaping of arbitrary CSV', () => {
  fc.assert(
    fc.property(csvish, (s) => {
      expectLocated(() => wandbCsvToLong(parseCsvText('Step,r - loss,r - loss__MIN\n' + s, { file: 'f.x' }), 'f.x'));
    }),
    { numRuns: 500 },
  );
});

const jsonish = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc.array(fc.json({ maxDepth: 2 }), { maxLength: 5 }).map((a) => a.join('\n')),
  fc.stringMatching(/^[{}\[\]":,0-9a-zNI \n]*$/, { maxLength: 200 }),
);

test('fuzz JSONL and JSON', () => {
  fc.assert(
    fc.property(jsonish, (s) => {
      expectLocated(() => {
        const p = new JsonlParser({ file: 'f.x', maxLineChars: 150 });
        p.push(s);
        return p.end();
      });
      expectLocated(() => parseJsonText(s, { file: 'f.x' }));
    }),
    { numRuns: 1500 },
  );
});

test('fuzz MLflow metric text', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.stringMatching(/^[0-9 .\-e\n]*$/, { maxLength: 200 })), (s) => {
      expectLocated(() => mlflowRunTable({ run: 'r', file: 'f.x', metrics: [{ key: 'loss', file: 'f.x', text: s }], params: {} }));
    }),
    { numRuns: 800 },
  );
});

test('fuzz tfevents: random bytes, and valid files with random corruption or truncation', () => {
  const valid = eventFile(Array.from({ length: 5 }, (_, i) => ({ wallTime: i, step: i, values: [{ tag: 'loss', simple: i }, { tag: 'lr', tensorContentDouble: i / 10 }] })));
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), fc.nat(255), fc.nat(), (junk, at, val, cut) => {
      expectLocated(() => parseTfEvents(junk, { file: 'f.x' }));
      const c = valid.slice();
      c[at % c.length] ^= val || 1;
      expectLocated(() => parseTfEvents(c, { file: 'f.x' }));
      expectLocated(() => parseTfEvents(valid.subarray(0, cut % valid.length), { file: 'f.x' }));
      sniffFormat(junk);
    }),
    { numRuns: 1500 },
  );
});

test('fuzz tfevents: valid framing around random payloads (exercises the protobuf reader)', async () => {
  const { frame } = await import('./tfeventsWriter');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (payload) => {
      expectLocated(() => parseTfEvents(frame(payload), { file: 'f.x' }));
    }),
    { numRuns: 2000 },
  );
});

test('fuzz Parquet reader with random bytes between PAR1 magics', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (mid) => {
      const b = new Uint8Array(mid.length + 8);
      b.set([0x50, 0x41, 0x52, 0x31]);
      b.set(mid, 4);
      b.set([0x50, 0x41, 0x52, 0x31], mid.length + 4);
      await expectLocatedAsync(() => parseParquet(b, { file: 'f.x' }));
    }),
    { numRuns: 500 },
  );
});
