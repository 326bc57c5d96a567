/**
 * Parsers for configuration values. Each takes what the environment or the config file gave
 * (a string from the environment, any JSON value from the file) and returns the typed value, or
 * throws a `ValueError` saying what was expected.
 */
export class ValueError extends Error {}

export type Parser<T> = (raw: unknown) => T;

function text(raw: unknown): string {
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw new ValueError(`expected a string, got ${JSON.stringify(raw)}`);
}

export const string: Parser<string> = (raw) => {
  const value = text(raw);
  if (value === '') throw new ValueError('expected a non-empty string');
  return value;
};

export function integer(bounds: { min?: number; max?: number } = {}): Parser<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
  return (raw) => {
    const value = typeof raw === 'number' ? raw : Number(text(raw));
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ValueError(`expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
}

/** `auto` (the service chooses), or what `parse` reads. */
export function autoOr<T>(parse: Parser<T>): Parser<T | 'auto'> {
  return (raw) => (raw === 'auto' ? 'auto' : parse(raw));
}

export function decimal(bounds: { min: number; max: number }): Parser<number> {
  return (raw) => {
    const value = typeof raw === 'number' ? raw : Number(text(raw));
    if (!Number.isFinite(value) || value < bounds.min || value > bounds.max) {
      throw new ValueError(`expected a number from ${bounds.min} to ${bounds.max}, got ${JSON.stringify(raw)}`);
    }
    return value;
  };
}

export const boolean: Parser<boolean> = (raw) => {
  if (typeof raw === 'boolean') return raw;
  const value = text(raw).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ValueError(`expected true or false, got ${JSON.stringify(raw)}`);
};

export function oneOf<const T extends string>(choices: readonly T[]): Parser<T> {
  return (raw) => {
    const value = text(raw);
    if (!(choices as readonly string[]).includes(value)) {
      throw new ValueError(`expected one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
    }
    return value as T;
  };
}

export const httpUrl: Parser<string> = (raw) => {
  const value = text(raw);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // A malformed URL may still carry a password ("http//user:pw@host"): never echo one with an @.
    const shown = value.includes('@') ? 'a value that is not a URL (not shown: it holds an @, maybe credentials)' : JSON.stringify(raw);
    throw new ValueError(`expected an http(s) URL such as http://127.0.0.1:9200, got ${shown}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValueError(`expected an http(s) URL, got protocol ${url.protocol}`);
  }
  return value.replace(/\/+$/, '');
};

const HOST_PORT = /^[A-Za-z0-9.\-_]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

/** A comma-separated list (or, in the file, an array) of host:port addresses. */
export const hostPortList: Parser<string[]> = (raw) => {
  const items = Array.isArray(raw)
    ? raw.map(text)
    : text(raw)
        .split(',')
        .map((item) => item.trim());
  const addresses = items.filter((item) => item !== '');
  if (addresses.length === 0) throw new ValueError('expected at least one host:port');
  for (const address of addresses) {
    const port = Number(address.slice(address.lastIndexOf(':') + 1));
    if (!HOST_PORT.test(address) || port < 1 || port > 65535) {
      throw new ValueError(`expected host:port[,host:port...], got ${JSON.stringify(address)}`);
    }
  }
  return addresses;
};

/** A JSON object of positive numbers, e.g. {"default": 60, "card_feed": 90}. */
export const positiveMap = ((raw: unknown) => {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ValueError(`expected a JSON object of numbers, got ${JSON.stringify(raw)}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValueError('expected a JSON object of numbers');
  for (const [key, n] of Object.entries(value)) {
    if (typeof n !== 'number' || !(n > 0)) throw new ValueError(`${key}: expected a number > 0, got ${JSON.stringify(n)}`);
  }
  return value as Record<string, number>;
}) satisfies Parser<Record<string, number>>;
