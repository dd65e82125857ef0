// Plot themes: the VS Code theme (read from its CSS variables, including high contrast), the light
// "publication" theme for exports, and the HTML report's light/dark themes.
import { cssVar, PUB_PALETTE } from './colors';

export interface Theme {
  fg: string;
  muted: string;
  grid: string;
  /** Background of exported images (plots themselves are transparent in panels). */
  bg: string;
  palette: string[];
  /** Colour of flagged points. */
  warn: string;
  highContrast: boolean;
  font: string;
  publication: boolean;
}

export function vscodeTheme(): Theme {
  const hc = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    fg: cssVar('--vscode-editor-foreground', '#cccccc'),
    muted: cssVar('--vscode-descriptionForeground', '#999999'),
    grid: hc ? cssVar('--vscode-contrastBorder', '#6fc3df') : cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', '#80808040')),
    bg: cssVar('--vscode-editor-background', '#1e1e1e'),
    palette: ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple', '--vscode-charts-yellow']
      .map((v, i) => cssVar(v, PUB_PALETTE[i])).concat(PUB_PALETTE.slice(6)),
    warn: cssVar('--vscode-editorWarning-foreground', '#d18616'),
    highContrast: hc,
    font: cssVar('--vscode-font-family', 'sans-serif'),
    publication: false,
  };
}

/** Light, print-ready: black text, white background, the publication palette. */
export const PUBLICATION: Theme = { fg: '#000000', muted: '#555555', grid: '#d0d0d0', bg: '#ffffff', palette: PUB_PALETTE, warn: '#c0392b', highContrast: false, font: 'Helvetica, Arial, sans-serif', publication: true };

/** The standalone HTML report follows the reader's light/dark preference. */
export function reportTheme(dark: boolean): Theme {
  return dark
    ? { fg: '#dddddd', muted: '#aaaaaa', grid: '#444444', bg: '#1e1e1e', palette: PUB_PALETTE, warn: '#f0a030', highContrast: false, font: 'system-ui, sans-serif', publication: false }
    : { ...PUBLICATION, font: 'system-ui, sans-serif', publication: false };
}
