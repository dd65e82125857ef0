// User formulas (custom laws, --derive, --where) are mathjs text. They run in a restricted
// instance: import/createUnit/evaluate/parse/simplify/derivative are disabled for expressions,
// and every parsed tree is checked against a whitelist of node types and functions before it
// is compiled, so a formula can only do arithmetic on the names we give it.
import { create, all, type MathNode, type EvalFunction } from 'mathjs';

// The instance is created on first use: building it costs ~100 ms and ~10 MB, which fit threads
// and commands without formulas should not pay.
interface MathHandles {
  parse: (text: string) => MathNode;
  derivative: (node: MathNode, variable: string, options: { simplify: boolean }) => MathNode;
  simplify: (node: MathNode) => MathNode;
  /** Builds the call node the text operators are rewritten to. */
  call: (name: string, args: MathNode[]) => MathNode;
}
let handles: MathHandles | undefined;
function mathHandles(): MathHandles {
  if (handles) return handles;
  const math = create(all, {});
  // Keep private handles before disabling them for user code.
  const { FunctionNode, SymbolNode } = math as unknown as { FunctionNode: new (fn: MathNode, args: MathNode[]) => MathNode; SymbolNode: new (name: string) => MathNode };
  handles = {
    parse: math.parse,
    derivative: math.derivative as MathHandles['derivative'],
    simplify: math.simplify as unknown as MathHandles['simplify'],
    call: (name, args) => new FunctionNode(new SymbolNode(name), args),
  };
  const equal = math.equal as (a: unknown, b: unknown) => unknown;
  // Row expressions compare text columns: == and != are rewritten to these (see rowNode), which
  // compare strings as text and leave numbers to mathjs (which would try to read "c4" as a number).
  // The '$' names cannot be typed by users: the whitelist check runs before the rewrite.
  math.import(
    {
      $textEqual: (a: unknown, b: unknown) => textEqual(a, b, equal),
      $textUnequal: (a: unknown, b: unknown) => !textEqual(a, b, equal),
      $matches: (value: unknown, pattern: unknown, flags?: unknown) => matchesText(value, pattern, flags),
    },
    {},
  );
  const disabled = (name: string) => () => {
    throw new Error(`function '${name}' is not allowed in formulas`);
  };
  math.import(
    {
      import: disabled('import'),
      createUnit: disabled('createUnit'),
      evaluate: disabled('evaluate'),
      parse: disabled('parse'),
      simplify: disabled('simplify'),
      derivative: disabled('derivative'),
      compile: disabled('compile'),
      reviver: disabled('reviver'),
      resolve: disabled('resolve'),
    },
    { override: true },
  );
  return handles;
}

/** Functions a formula may call. */
export const ALLOWED_FUNCTIONS = new Set([
  'exp', 'log', 'log10', 'log2', 'log1p', 'sqrt', 'cbrt', 'abs', 'pow', 'min', 'max',
  'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'sign', 'floor', 'ceil', 'round', 'expm1',
]);
/**
 * Functions only row expressions (--where, --derive) may call, on text columns:
 * matches(column, "regex"[, "flags"]) is true when the regular expression matches the cell.
 */
export const ROW_FUNCTIONS = new Set(['matches']);
const CONSTANTS = new Set(['pi', 'e', 'Infinity', 'NaN', 'true', 'false']);

function textEqual(a: unknown, b: unknown, numericEqual: (a: unknown, b: unknown) => unknown): boolean {
  const sa = typeof a === 'string', sb = typeof b === 'string';
  if (sa && sb) return a === b;
  if (sa || sb) throw new FormulaError(`compares text ${JSON.stringify(sa ? a : b)} with the number ${String(sa ? b : a)}: quote both sides or compare numbers`);
  return Boolean(numericEqual(a, b));
}

const regexCache = new Map<string, RegExp>();
function regexFor(pattern: string, flags: string): RegExp {
  const key = flags + '/' + pattern;
  let re = regexCache.get(key);
  if (!re) {
    if (!/^[imsu]*$/.test(flags)) throw new FormulaError(`matches(): flags may be i, m, s, u (got '${flags}')`);
    try {
      re = new RegExp(pattern, flags);
    } catch (e) {
      throw new FormulaError(`matches(): invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
    if (regexCache.size > 256) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

function matchesText(value: unknown, pattern: unknown, flags: unknown = ''): boolean {
  if (typeof pattern !== 'string') throw new FormulaError('matches(column, "regex"): the pattern must be quoted text');
  if (typeof flags !== 'string') throw new FormulaError('matches(column, "regex", "flags"): the flags must be quoted text');
  if (typeof value !== 'string') throw new FormulaError(`matches() applies to text columns; got the number ${String(value)}`);
  return regexFor(pattern, flags).test(value);
}

export class FormulaError extends Error {}

export interface CheckedFormula {
  text: string;
  node: MathNode;
  /** Free symbols in order of first appearance (excludes function names and constants). */
  symbols: string[];
}

/** Longest formula text accepted: mathjs parses recursively, and every later step is linear in it. */
export const MAX_FORMULA_CHARS = 20_000;

/** Parse and validate; throws FormulaError with a clear message. `extraFunctions` widens the whitelist (row expressions). */
export function checkFormula(text: string, what = 'formula', extraFunctions?: ReadonlySet<string>): CheckedFormula {
  if (text.length > MAX_FORMULA_CHARS) throw new FormulaError(`${what} is ${text.length} characters long, more than the limit of ${MAX_FORMULA_CHARS}`);
  let node: MathNode;
  try {
    node = mathHandles().parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const hint = /Unexpected operator ~/.test(msg) ? ' (for a regular-expression match write matches(column, "regex"))' : '';
    throw new FormulaError(`cannot parse ${what} '${text}': ${msg}${hint}`);
  }
  return checkNode(node, text, what, extraFunctions);
}

function checkNode(node: MathNode, text: string, what: string, extraFunctions?: ReadonlySet<string>): CheckedFormula {
  const symbols: string[] = [];
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    switch (n.type) {
      case 'ConstantNode':
      case 'ParenthesisNode':
      case 'OperatorNode':
      case 'ConditionalNode':
        return;
      case 'FunctionNode': {
        const fn = (n as unknown as { fn: MathNode & { name?: string } }).fn;
        const name = fn.type === 'SymbolNode' ? fn.name : undefined;
        if (!name || !(ALLOWED_FUNCTIONS.has(name) || extraFunctions?.has(name))) {
          throw new FormulaError(`unknown function '${name ?? fn.toString()}' in ${what} '${text}' (allowed: ${[...ALLOWED_FUNCTIONS, ...(extraFunctions ?? [])].join(', ')})`);
        }
        return;
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        const isFnName = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
        if (isFnName || CONSTANTS.has(name)) return;
        if (!symbols.includes(name)) symbols.push(name);
        return;
      }
      default:
        throw new FormulaError(`${what} '${text}' uses '${n.toString()}' (${n.type}), which is not allowed: only arithmetic, comparisons and ${[...ALLOWED_FUNCTIONS].slice(0, 6).join('/')}... are`);
    }
  });
  return { text, node, symbols };
}

export function compileChecked(f: CheckedFormula): EvalFunction {
  return f.node.compile();
}

/**
 * simplify() rewrites by rules whose cost is exponential in the tree: a 387-node derivative (12
 * nested exp) took 38 s, and a FitReport carrying such a formula froze whoever opened it. Only
 * small derivatives are simplified; larger ones are compiled as they are.
 */
export const SIMPLIFY_MAX_NODES = 100;
/** Largest (estimated) derivative built at all; past it the caller differentiates numerically. */
export const DERIVATIVE_MAX_NODES = 20_000;

/**
 * An upper bound on the node count of mathjs' unsimplified derivative, in one pass: each rule
 * copies its operands at most twice next to their derivatives (chain, product, quotient, power).
 */
function derivativeSizeBound(node: MathNode): { size: number; bound: number } {
  let size = 1, bound = 8;
  node.forEach((child: MathNode) => {
    const c = derivativeSizeBound(child);
    size += c.size;
    bound += c.bound + 2 * c.size;
  });
  return { size, bound };
}

/**
 * Symbolic derivative of a checked formula with respect to one symbol, itself checked; undefined
 * when it would be too large, mathjs cannot differentiate it, or it leaves the whitelist (the
 * caller then differentiates numerically). Work is linear in the formula before anything is built.
 */
export function differentiate(f: CheckedFormula, variable: string): CheckedFormula | undefined {
  const { simplify, derivative } = mathHandles();
  if (derivativeSizeBound(f.node).bound > DERIVATIVE_MAX_NODES) return undefined;
  try {
    let d = derivative(f.node, variable, { simplify: false });
    let nodes = 0;
    d.traverse(() => void nodes++);
    if (nodes <= SIMPLIFY_MAX_NODES) d = simplify(d);
    return checkNode(d, d.toString(), `derivative of '${f.text}'`);
  } catch {
    return undefined;
  }
}

/** The syntax of --where and --derive, for `scaling-laws help where` and the panels' tooltips. */
export const ROW_EXPRESSION_HELP = [
  'Row expressions (--where keeps the rows where it is true; --derive NAME=EXPR adds a column):',
  '  names     columns by name with other characters as _ (Model Size -> Model_Size), and roles N, D, C, loss, step, lr, run',
  '  numbers   + - * / ^, < <= > >= == !=, and or not, 1e21, functions ' + [...ALLOWED_FUNCTIONS].join(', '),
  '  text      dataset == "c4", run != "baseline" (quote the text)',
  '  patterns  matches(run, "^chin") is true when the regular expression matches; matches(run, "^chin", "i") ignores case',
  '  example   --where \'loss < 3.44 and not matches(run, "^debug")\'',
].join('\n');

/** Columns an expression may name: a Map, or a record whose own keys are the names (never inherited ones). */
export type ExpressionColumns = ReadonlyMap<string, ArrayLike<number> | string[]> | Record<string, ArrayLike<number> | string[]>;

function columnMap(columns: ExpressionColumns): ReadonlyMap<string, ArrayLike<number> | string[]> {
  if (columns instanceof Map) return columns;
  return new Map(Object.entries(columns as Record<string, ArrayLike<number> | string[]>));
}

/** Rewrite == and != to text-aware calls and matches() to its private name (after the whitelist check). */
function rowNode(node: MathNode): MathNode {
  const { call } = mathHandles();
  return node.transform((n: MathNode) => {
    if (n.type === 'OperatorNode') {
      const op = n as unknown as { fn: string; args: MathNode[] };
      if (op.fn === 'equal') return call('$textEqual', op.args.map(rowNode));
      if (op.fn === 'unequal') return call('$textUnequal', op.args.map(rowNode));
    }
    if (n.type === 'FunctionNode') {
      const f = n as unknown as { fn: MathNode & { name?: string }; args: MathNode[] };
      if (f.fn.type === 'SymbolNode' && f.fn.name === 'matches') {
        // A quoted pattern is checked now, so a bad one is reported before any row is read.
        const [, pattern, flags] = f.args as (MathNode & { value?: unknown })[];
        if (pattern?.type === 'ConstantNode' && typeof pattern.value === 'string') regexFor(pattern.value, flags?.type === 'ConstantNode' && typeof flags.value === 'string' ? flags.value : '');
        return call('$matches', f.args.map(rowNode));
      }
    }
    return n;
  });
}

/**
 * Compile an expression over named columns into a row evaluator. Every symbol must name a column
 * (unknown ones are an error). Text columns compare with == and != ("dataset == \"c4\"") and
 * match regular expressions with matches(run, "^chin"). Names are looked up in a Map, so
 * '__proto__' or 'constructor' are ordinary column names. Evaluation errors name the row (1-based).
 */
export function compileRowExpression(text: string, columns: ExpressionColumns, what: string): (row: number) => unknown {
  const f = checkFormula(text, what, ROW_FUNCTIONS);
  const cols = columnMap(columns);
  for (const s of f.symbols) {
    if (!cols.has(s)) {
      const hasText = [...cols.values()].some((v) => Array.isArray(v));
      throw new FormulaError(`${what} '${text}' names '${s}', which is neither a column nor a role (have: ${[...cols.keys()].join(', ')})${hasText ? `; to compare with text, quote it: column == "${s}"` : ''}`);
    }
  }
  const code = rowNode(f.node).compile();
  const scope = new Map<string, unknown>();
  const used = f.symbols.map((s) => [s, cols.get(s)!] as const);
  return (row: number) => {
    for (const [s, col] of used) scope.set(s, (col as ArrayLike<unknown>)[row]);
    try {
      return code.evaluate(scope);
    } catch (e) {
      throw new FormulaError(`${what} '${text}' at row ${row + 1}: ${(e as Error).message}`);
    }
  };
}

/** Column names become identifiers in expressions: 'Model Size' → Model_Size. */
export function identifierFor(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) ? `_${id}` : id;
}
