/**
 * The line under the space-time diagram that says what is selected and, with
 * vector clocks, how many events of the window lie in its causal past, its future, or neither.
 */
import { counted } from '../../shared/counted.js';
import type { SpaceTime } from './decode.js';
import type { EventDatum, Selection } from './window.js';
import { messageText, timeText } from './window.js';

export function selectionText(st: SpaceTime, selected: Selection, events: readonly EventDatum[]): string {
  const vm = st.vms[selected.vm];
  const row = selected.row;
  const message = messageText(st, selected.vm, row);
  const what =
    `Selected VM ${selected.vm} tick ${vm?.tick[row]} at ${timeText(st, vm?.t[row] ?? 0)}: clock ${vm?.clock[row]}` +
    `${selected.vc === null ? '' : `, vector clock [${selected.vc.join(', ')}]`}.${message === '' ? '' : ` ${message}.`}`;
  if (selected.vc === null) {
    return `${what} (No vector_clock column in this run's CSVs, so causal past and future cannot be shown.)`;
  }
  const count = (cat: string) => events.filter((e) => e.cat === cat).length;
  const concurrent = events.filter((e) => e.op < 1).length;
  return (
    `${what} In this window: ${counted(count('past'), 'event')} in its causal past, ${count('future')} in its causal future, ` +
    `${concurrent} concurrent (left unhighlighted). Click empty space to clear.`
  );
}
