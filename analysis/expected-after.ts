/**
 * What a numbering (ticks, msg_ids) expects next when malformed rows came before: each may have held a number, so the
 * next good row may be up to that many past the lowest.
 */

import { counted } from '../shared/counted.js';

/** The number expected after `unsure` malformed rows: `5`, or `5..7 (after 2 malformed rows)`. */
export function expectedAfter(lowest: number, unsure: number, show: (n: number) => string = String): string {
  if (unsure === 0) return show(lowest);
  return `${show(lowest)}..${show(lowest + unsure)} (after ${counted(unsure, 'malformed row')})`;
}
