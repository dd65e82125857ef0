// Column names compared the way users write them: case, spaces and dashes do not matter.

export function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}
