/**
 * Structured logs, one JSON object a line on stderr (stdout belongs to command output).
 * Every string written passes through redaction of the configured secrets, so a key that ends up
 * inside an error message still never reaches the log; the password of any URL is replaced, and
 * control characters are escaped (printable.ts), so a value read from input can neither break a
 * line into forged ones nor drive the terminal of whoever reads the log after it is decoded.
 */
import { printable } from './printable.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
};

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LoggerOptions = {
  level: LogLevel;
  /** Values that must never be written; each occurrence becomes "[redacted]". */
  secrets?: readonly string[];
  write?: (line: string) => void;
  now?: () => Date;
};

export function createLogger(options: LoggerOptions, bound: Record<string, unknown> = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const redact = (text: string) => secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), text);

  const log =
    (level: LogLevel) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (RANK[level] < RANK[options.level]) return;
      const entry = { time: now().toISOString(), level, msg: message, ...bound, ...fields };
      write(redact(JSON.stringify(entry, printableValues)));
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

function printableValues(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return printable(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code !== undefined ? { code } : {}) };
  }
  return value;
}
