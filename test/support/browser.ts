/**
 * A real headless Chromium, from the system's packages, for tests that check what a person sees.
 * When none is installed the test fails, saying how to get one, and never skips.
 */
import { spawnSync } from 'node:child_process';
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

export function chromiumPath(): string {
  if (process.env.PARSIMONY_CHROMIUM) return process.env.PARSIMONY_CHROMIUM;
  for (const name of CANDIDATES) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  throw new Error(
    `no Chromium found (looked for ${CANDIDATES.join(', ')} on PATH): install it (Debian: apt-get install chromium) or set PARSIMONY_CHROMIUM to its path`,
  );
}

export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    // Chromium refuses its sandbox to root, which CI runs as; a container's /dev/shm may be too small for it.
    args: ['--disable-dev-shm-usage', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  });
}
