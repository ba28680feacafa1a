#!/usr/bin/env node
/** The `launcher` command: parse, run, set the exit code. Everything else lives in launcher/. */
import { main } from '../launcher/cli-program.js';

process.exitCode = await main(process.argv.slice(2));
