#!/usr/bin/env node
import { runTs } from './run-ts.mjs';

await runTs('cli', { codeCache: true });
