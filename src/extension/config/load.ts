// The config/planning bundle (dist/extensionConfig.js, entry ./lazy.ts), required on first use so
// activating the extension does not parse the config parsers and the approaches.
import { join } from 'node:path';

export type ConfigLogic = typeof import('./lazy');
let loaded: ConfigLogic | undefined;
export const configLogic = (): ConfigLogic => (loaded ??= require(join(__dirname, 'extensionConfig.js')) as ConfigLogic);
