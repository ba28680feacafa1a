import { expect, jest, test } from '@jest/globals';
import { LiveTerminal } from '../../cli/progress-display.js';

/**
 * A terminal screen for the few sequences the live view writes (`\r`, `\n`, cursor up `ESC[nA`, clear to the end of
 * the screen `ESC[J`, clear the line `ESC[2K`) and plain text, which overwrites from the cursor, as a terminal does.
 */
class Screen {
  readonly lines: string[] = [''];
  #row = 0;
  #column = 0;
  readonly isTTY = true;

  write(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
      const sequence = text[i] === '\u001b' ? /^\[(\d*)([AJK])/.exec(text.slice(i + 1)) : null;
      if (sequence !== null) {
        const [whole, count, kind] = sequence;
        if (kind === 'A') this.#row = Math.max(0, this.#row - Number(count || 1));
        if (kind === 'J') {
          this.lines.splice(this.#row + 1);
          this.#cut();
        }
        if (kind === 'K') this.lines[this.#row] = '';
        i += whole.length;
        continue;
      }
      const char = text[i] ?? '';
      if (char === '\r') this.#column = 0;
      else if (char === '\n') {
        this.#row += 1;
        this.#column = 0;
        if (this.lines.length <= this.#row) this.lines.push('');
      } else {
        const line = this.lines[this.#row] ?? '';
        this.lines[this.#row] = line.slice(0, this.#column).padEnd(this.#column) + char + line.slice(this.#column + 1);
        this.#column += 1;
      }
    }
    return true;
  }

  /** What the terminal itself echoes when Ctrl-C is pressed (ECHOCTL): `^C` at the cursor. */
  echo(text: string): void {
    this.write(text);
  }

  #cut(): void {
    this.lines[this.#row] = (this.lines[this.#row] ?? '').slice(0, this.#column);
  }

  shown(): string[] {
    return this.lines.map((line) => line.trimEnd()).filter((line) => line !== '');
  }
}

test('a line said during the run (a Ctrl-C) stays on the screen above the live view, with no stale line', () => {
  const screen = new Screen();
  const terminal = new LiveTerminal(screen as unknown as NodeJS.WriteStream);
  terminal.write('started vm0, vm1\n');
  const display = terminal.watch({ rates: [2, 5], speed: 1 });
  const start = Date.now();
  display.start(start, start + 10_000);
  display.update(0, { tick: 3, clock: 4, queue: 0 });
  // The terminal echoes ^C where the cursor is, then the launcher says what it does about it.
  screen.echo('^C');
  terminal.write('stopping every VM at one instant (press Ctrl-C again to kill them at once)\n');
  display.update(1, { tick: 9, clock: 9, queue: 1 });
  display.stop();
  terminal.write('seed 5; clock rates 2, 5 ticks/s\n');
  expect(screen.shown()).toEqual([
    'started vm0, vm1',
    'stopping every VM at one instant (press Ctrl-C again to kill them at once)',
    'running 0/10 s',
    '  vm0 (2/s) tick 3 clock 4 queue 0',
    '  vm1 (5/s) tick 9 clock 9 queue 1',
    'seed 5; clock rates 2, 5 ticks/s',
  ]);
});

test('without a live view (before it, or not a terminal) lines go straight out', () => {
  const out: string[] = [];
  const pipe = { isTTY: false, write: (text: string) => out.push(text) };
  const terminal = new LiveTerminal(pipe as unknown as NodeJS.WriteStream);
  terminal.write('a\n');
  terminal.watch({ rates: [1], speed: 1 }).start(Date.now(), Date.now() + 1000);
  terminal.write('b\n');
  expect(out).toEqual(['a\n', 'b\n']);
});

test('a run stopped before its start (a Ctrl-C while the VMs get ready) shows no progress block', () => {
  const screen = new Screen();
  const terminal = new LiveTerminal(screen as unknown as NodeJS.WriteStream);
  terminal.write('clocklab run r: 2 VMs, events 1..10, 3 s\n');
  const display = terminal.watch({ rates: [2, 5], speed: 1 });
  screen.echo('^C');
  terminal.write('the run has not started: stopping every VM now (none has ticked)\n');
  display.stop();
  terminal.write('run interrupted before the start: ...\n');
  expect(screen.shown()).toEqual([
    'clocklab run r: 2 VMs, events 1..10, 3 s',
    '^Cthe run has not started: stopping every VM now (none has ticked)',
    'run interrupted before the start: ...',
  ]);
});

test('at a speed other than 1: the rates per experiment second, as the summary table gives them, and both times', () => {
  const screen = new Screen();
  const terminal = new LiveTerminal(screen as unknown as NodeJS.WriteStream);
  const display = terminal.watch({ rates: [2, 5], speed: 20 });
  const start = Date.now();
  // 3 s of real running: 60 experiment seconds.
  display.start(start, start + 3000);
  display.update(0, { tick: 3, clock: 4, queue: 0 });
  display.stop();
  expect(screen.shown()).toEqual([
    'running 0/60 s at speed 20 (0/3 s real)',
    '  vm0 (2/s) tick 3 clock 4 queue 0',
    '  vm1 (5/s) starting',
  ]);
});

test('a line drawn when the launcher resumes from a stop shows the progress queued meanwhile, not what it had before', () => {
  jest.useFakeTimers({ now: 1_000_000 });
  try {
    const out = { isTTY: false, lines: [] as string[], write: (text: string) => out.lines.push(text) > 0 };
    const display = new LiveTerminal(out as unknown as NodeJS.WriteStream).watch({ rates: [100], speed: 1 });
    display.update(0, { tick: 100, clock: 100, queue: 0 });
    display.start(Date.now(), Date.now() + 20_000);
    // A launcher resumed from a stop: its overdue interval fires first, then the loop reads the progress the VM sent
    // meanwhile; the line is drawn after that read.
    jest.advanceTimersToNextTimer();
    display.update(0, { tick: 900, clock: 901, queue: 2 });
    jest.advanceTimersToNextTimer();
    display.stop();
    expect(out.lines).toEqual(['running 5/20 s: vm0 (100/s) tick 900 clock 901 queue 2\n']);
  } finally {
    jest.useRealTimers();
  }
});
