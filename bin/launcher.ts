#!/usr/bin/env node
/**
 * The `launcher` command: parse, run, set the exit code. Every command is declared in cli/. The stop signals are
 * guarded first, and the command line loaded after: a Ctrl-C while its modules load says one line, not nothing.
 */
import { guardProcessStartup, handOverStartupStop } from '../shared/startup-stop.js';

guardProcessStartup();
// Before anything else can hang up: it looks at the terminal now, to tell at exit that it is gone.
const { processStdio, releaseHungUpTerminalAtExit } = await import('../cli/hung-up-terminal.js');
releaseHungUpTerminalAtExit(processStdio);
const { main } = await import('../cli/cli-program.js');
process.exitCode = await main(process.argv.slice(2));
// A command that listened for no signal (help, analyze's read) is done: a signal from here is Node's default.
handOverStartupStop();
