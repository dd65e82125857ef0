// Entry of dist/extensionConfig.js: the config-insight logic (config parsers, closed forms),
// required by src/extension/config/index.ts on first use so that activating the extension does
// not parse it.
export * from './logic';
