/**
 * What every command starts from: the configuration (environment plus an optional file) and a
 * logger that knows the secrets to keep out of its lines; the configuration's warnings (a legacy
 * model in a tier) are logged once here.
 */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { ParsimonyError } from '../common/errors.ts';
import { createLogger, type Logger } from '../common/logger.ts';
import { type LoadedConfig, loadConfig } from '../config/config.ts';

export type CommandContext = LoadedConfig & { logger: Logger };

export function createContext(configFile: string | undefined): CommandContext {
  const file = configFile ?? process.env.PARSIMONY_CONFIG;
  const loaded = loadConfig({ env: process.env, ...(file ? { file } : {}) });
  const logger = createLogger({ level: loaded.config.log.level, secrets: loaded.secrets });
  for (const warning of loaded.warnings) logger.warn(warning);
  return { ...loaded, logger };
}

/** Parses a command's flags; a wrong flag is a usage error naming it. */
export function parseFlags<T extends ParseArgsOptionsConfig>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, config: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ParsimonyError('USAGE', `${(error as Error).message}\nUsage: ${usage}`);
  }
}
