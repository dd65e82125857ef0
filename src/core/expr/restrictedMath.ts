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
}
let handles: MathHandles | undefined;
function mathHandles(): MathHandles {
  if (handles) return handles;
  const math = create(all, {});
  // Keep private handles before disabling them for user code.
  handles = { parse: math.parse, derivative: math.derivative as MathHandles['derivative'], simplify: math.simplify as unknown as MathHandles['simplify'] };
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
const CONSTANTS = new Set(['pi', 'e', 'Infinity', 'NaN', 'true', 'false']);

export class FormulaError extends Error {}

export interface CheckedFormula {
  text: string;
  node: MathNode;
  /** Free symbols in order of first appearance (excludes function names and constants). */
  symbols: string[];
}

/** Parse and validate; throws FormulaError with a clear message. */
export function checkFormula(text: string, what = 'formula'): CheckedFormula {
  let node: MathNode;
  try {
    node = mathHandles().parse(text);
  } catch (e) {
    throw new FormulaError(`cannot parse ${what} '${text}': ${(e as Error).message}`);
  }
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
        if (!name || !ALLOWED_FUNCTIONS.has(name)) {
          throw new FormulaError(`unknown function '${name ?? fn.toString()}' in ${what} '${text}' (allowed: ${[...ALLOWED_FUNCTIONS].join(', ')})`);
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

/** Symbolic derivative of a checked formula with respect to one symbol, itself checked. */
export function differentiate(f: CheckedFormula, variable: string): CheckedFormula {
  const { simplify, derivative } = mathHandles();
  const d = simplify(derivative(f.node, variable, { simplify: false }));
  return checkFormula(d.toString(), `derivative of '${f.text}'`);
}

/**
 * Compile an expression over named numeric columns into a row evaluator.
 * `names` maps every symbol the expression may use to its column; unknown symbols are an error.
 */
export function compileRowExpression(
  text: string,
  columns: Record<string, ArrayLike<number> | string[]>,
  what: string,
): (row: number) => unknown {
  const f = checkFormula(text, what);
  for (const s of f.symbols) {
    if (!(s in columns)) {
      throw new FormulaError(`${what} '${text}' names '${s}', which is neither a column nor a role (have: ${Object.keys(columns).join(', ')})`);
    }
  }
  const code = compileChecked(f);
  const scope: Record<string, unknown> = {};
  return (row: number) => {
    for (const s of f.symbols) scope[s] = (columns[s] as ArrayLike<unknown>)[row];
    return code.evaluate(scope);
  };
}

/** Column names become identifiers in expressions: 'Model Size' → Model_Size. */
export function identifierFor(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(id) ? `_${id}` : id;
}
