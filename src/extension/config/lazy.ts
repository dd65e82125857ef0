// Entry of dist/extensionConfig.js: the config-insight and planning logic (config parsers, closed
// forms, the three approaches), required by src/extension/config/index.ts on first use so that
// activating the extension does not parse it.
export * from './logic';
export { buildPlanningData } from '../planning/data';
