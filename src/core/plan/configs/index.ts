// One entry point for all config formats: detect the format from the file name and content.

import { ConfigError, type ArchConfig } from '../arch';
import { parseHfConfigJson } from './hfJson';
import { looksLikeNanoGpt, parseNanoGptPy } from './nanogpt';
import { parseTomlConfig } from './toml';
import { parseYamlConfig, readYaml, yamlKind } from './yamlConfig';

export { parseHfConfigJson } from './hfJson';
export { parseNanoGptPy, readPyAssignments, looksLikeNanoGpt } from './nanogpt';
export { parseYamlConfig } from './yamlConfig';
export { parseTomlConfig, TORCHTITAN_FLAVORS } from './toml';

/** Parse a model config; `file` picks the parser by extension (.json, .py, .yaml/.yml, .toml), else the content decides. */
export function parseModelConfig(text: string, file = '<config>'): ArchConfig {
  const ext = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
  if (ext === 'json' || ext === 'jsonc') return parseHfConfigJson(text, file);
  if (ext === 'py') return parseNanoGptPy(text, file);
  if (ext === 'yaml' || ext === 'yml') return parseYamlConfig(text, file);
  if (ext === 'toml') return parseTomlConfig(text, file);
  const t = text.trimStart();
  if (t.startsWith('{')) return parseHfConfigJson(text, file);
  if (looksLikeNanoGpt(text)) return parseNanoGptPy(text, file);
  if (/^\s*\[[^\]]+\]\s*$/m.test(text)) return parseTomlConfig(text, file);
  return parseYamlConfig(text, file);
}

/** Cheap check for editors: could this file be a model config we understand? (No throw.) */
export function isModelConfig(text: string, file = ''): boolean {
  try {
    const ext = /\.([A-Za-z]+)$/.exec(file)?.[1]?.toLowerCase();
    if (ext === 'py') return looksLikeNanoGpt(text);
    if (ext === 'yaml' || ext === 'yml') return yamlKind(readYaml(text, file)) !== undefined;
    parseModelConfig(text, file);
    return true;
  } catch (e) {
    if (e instanceof ConfigError) return false;
    return false;
  }
}
