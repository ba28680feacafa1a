/**
 * The report page's own script, assembled from the page-*.ts functions by Function.prototype.toString: they are
 * written and type-checked as TypeScript (and unit-tested under Node), and the compiled JavaScript of each is
 * inlined as a plain function declaration. That is why page functions use no imports at run time and no module
 * constants: they call each other by name, as globals of the page.
 */
import { bootCharts, bootReport, startCharts } from './browser/boot.js';
import { compareVectorClocks, vectorClockOf } from './browser/causal.js';
import { decodeSpaceTime, undelta } from './browser/decode.js';
import { messageData } from './browser/messages.js';
import { attachNavigation, plotX } from './browser/navigation.js';
import { selectionText } from './browser/selection.js';
import { startSpaceTime } from './browser/space-time.js';
import {
  copiesFrom,
  countEvents,
  eventData,
  firstRowFrom,
  messageText,
  relationTo,
  timeText,
} from './browser/window.js';

const pageFunctions = [
  undelta,
  decodeSpaceTime,
  compareVectorClocks,
  vectorClockOf,
  firstRowFrom,
  countEvents,
  timeText,
  relationTo,
  eventData,
  messageText,
  copiesFrom,
  messageData,
  selectionText,
  plotX,
  attachNavigation,
  startSpaceTime,
  startCharts,
  bootReport,
];

/** Every page function, then the call that draws the report. */
export function pageScript(): string {
  return [...pageFunctions.map((fn) => fn.toString()), 'bootReport();'].join('\n\n');
}

/** The comparison page's script: the charts alone. */
export function chartsScript(): string {
  return [startCharts.toString(), bootCharts.toString(), 'bootCharts();'].join('\n\n');
}
