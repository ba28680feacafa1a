#!/usr/bin/env node
/** The `launcher` command: parse, run, set the exit code. Every command is declared in cli/. */
import { main } from '../cli/cli-program.js';

process.exitCode = await main(process.argv.slice(2));
