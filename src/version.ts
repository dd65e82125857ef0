// Single source of the tool version recorded in every FitReport (set by the build from package.json).
declare const __VERSION__: string | undefined;
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
