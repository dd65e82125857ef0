// Law names, titles and inputs for pickers and role questions, from the one catalog (no law code).
import { LAW_CATALOG, type LawEntry } from '../core/laws/catalog';

export const LAW_IDS: Record<string, LawEntry> = Object.fromEntries(LAW_CATALOG.filter((l) => l.kind === 'runs').map((l) => [l.id, l]));
