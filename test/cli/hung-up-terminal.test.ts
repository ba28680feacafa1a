import { describe, expect, test } from '@jest/globals';
import { releaseHungUpTerminalAtExit, type StdioPort } from '../../cli/hung-up-terminal.js';

/** Descriptors on a terminal at start-up; `gone` the ones whose terminal hung up before the exit. */
function fakeStdio(terminals: number[]) {
  const gone = new Set<number>();
  const nulled: number[] = [];
  const exits: (() => void)[] = [];
  const port: StdioPort = {
    isatty: (fd) => terminals.includes(fd) && !gone.has(fd),
    toDevNull: (fd) => nulled.push(fd),
    onExit: (listener) => exits.push(listener),
  };
  const exit = () => {
    for (const listener of exits) listener();
  };
  return { port, gone, nulled, exit };
}

describe('releaseHungUpTerminalAtExit', () => {
  test('at exit, each stream whose terminal hung up is pointed at /dev/null, and only those', () => {
    const stdio = fakeStdio([0, 1, 2]);
    releaseHungUpTerminalAtExit(stdio.port);
    stdio.gone.add(1);
    stdio.gone.add(2);
    stdio.exit();
    expect(stdio.nulled).toEqual([1, 2]);
  });

  test('a live terminal is left for Node to restore', () => {
    const stdio = fakeStdio([0, 1, 2]);
    releaseHungUpTerminalAtExit(stdio.port);
    stdio.exit();
    expect(stdio.nulled).toEqual([]);
  });

  test('streams that were no terminal (pipes, files) are never touched, nor is an exit listened for', () => {
    const stdio = fakeStdio([]);
    releaseHungUpTerminalAtExit(stdio.port);
    stdio.gone.add(1);
    stdio.exit();
    expect(stdio.nulled).toEqual([]);
  });
});
