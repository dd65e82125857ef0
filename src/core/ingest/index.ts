// Ingest entry points (pure: they take text/bytes, never the file system). See src/node/loadTable.ts.
export { IngestError, formatLocation, type Location } from './errors';
export { CsvParser, parseCsv, parseCsvText, type CsvOptions } from './csv';
export { JsonlParser, parseJsonText, jsonDocumentToTable, hfTrainerState, type JsonOptions } from './json';
export { TfEventsParser, parseTfEvents, decodeEvent, decodeScalarTensor } from './tfevents';
export { mlflowRunTable, mlflowRunName, type MlflowMetricFile, type MlflowRunInput } from './mlflow';
export { wandbCsvToLong, looksLikeWandbCsv, parseParquet } from './wandb';
export { TableBuilder, type NonFinitePolicy } from './tableBuilder';
export { crc32c, maskedCrc32c } from './crc32c';
export { sniffFormat, formatFromName, type FormatGuess } from './detect';
