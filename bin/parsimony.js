#!/usr/bin/env node
// Runs the compiled CLI when the package was built, the TypeScript sources otherwise (Node 24
// strips the types itself).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const { main } = await import(existsSync(compiled) ? compiled.href : new URL('../src/cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
