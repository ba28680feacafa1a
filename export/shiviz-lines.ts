/**
 * The ShiViz log format (https://bestchai.bitbucket.io/shiviz/): line 1 a regular expression with named groups,
 * which ShiViz wraps in ^...$ and applies in multiline mode to the rest; line 2 the execution delimiter (blank: one
 * execution); then one event per line. `clock` is a vector clock keyed by host name; ShiViz requires each host's own
 * entry to be 1 on its first event and to rise by exactly 1 on each of its events, and every other entry to name an
 * event that is in the log. The Lamport clock, the time and the queue go in fields ShiViz shows beside an event.
 */
import type { EventRow } from '../run-folder/event-row.js';
import { vectorText } from '../run-folder/vector-text.js';

export const shivizRegex =
  '(?<host>\\S+) (?<clock>\\{[^}]*\\}) lamport=(?<lamport>\\d+) wall_ms=(?<wall_ms>\\d+) queue=(?<queue>\\d+) (?<event>.*)';

/** The two lines before the events: the regex, then a blank delimiter line (one execution per file). */
export const shivizHeader = `${shivizRegex}\n\n`;

export const hostName = (vm: number): string => `vm${vm}`;

/** `send to=vm1,vm2 msg=0-5`, `recv from=vm0 msg=0-5` or `internal`. */
export function eventText(row: EventRow): string {
  switch (row.event) {
    case 'send':
      return `send to=${row.to.map(hostName).join(',')} msg=${row.msgId}`;
    case 'receive':
      return `recv from=${hostName(row.from)} msg=${row.msgId}`;
    case 'internal':
      return 'internal';
    default: {
      const never: never = row;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * One event line. `vector` is indexed by VM id (zeros left out of the text). wall_ms: elapsed_ms rounded, the real
 * milliseconds since the run's common start.
 */
export function shivizLine(vm: number, row: EventRow, vector: ArrayLike<number>): string {
  const clock = vectorText(vector, hostName);
  return `${hostName(vm)} ${clock} lamport=${row.clock} wall_ms=${Math.round(row.elapsedMs)} queue=${row.queueLen} ${eventText(row)}`;
}
