/** The space-time diagram's legend, in HTML: one line naming every colour the diagram uses. */
import { faultColors } from '../charts/chart-style.js';
import { spaceTimeColors } from './space-time-spec.js';

const dot = (color: string, text: string) => `<span><i class="swatch" style="background:${color}"></i>${text}</span>`;
const line = (color: string, text: string) =>
  `<span><i class="swatch line" style="background:${color}"></i>${text}</span>`;
const band = (color: string, text: string) =>
  `<span><i class="swatch band" style="background:${color}"></i>${text}</span>`;

/** `unknownFates`: a run whose launcher died, where some VM's record of its pending and dropped copies is missing (message-copies.ts). */
export function spaceTimeLegend(hasVectorClocks: boolean, unknownFates = false): string {
  const c = spaceTimeColors;
  const items = [
    dot(c.internal, 'internal event'),
    dot(c.send, 'send'),
    dot(c.receive, 'receive'),
    line(c.delivered, 'message (arrow: send to receive)'),
    line(c.dropped, 'dropped copy (cut, X)'),
    line(c.pending, 'pending at the stop'),
    line(c.lost, 'lost with a killed VM or a link that never ended'),
    ...(unknownFates
      ? [
          line(
            c.unknown,
            'not received, fate unknown: the launcher died before its manifest, and a VM at either end left no end record (pending, dropped or lost)',
          ),
        ]
      : []),
    ...(hasVectorClocks
      ? [dot(c.selected, 'selected'), dot(c.past, 'causal past'), dot(c.future, 'causal future')]
      : []),
    band(faultColors.partition, 'partition (each line named by its group)'),
    band(faultColors.pause, 'pause'),
    band(faultColors.down, 'VM down'),
  ];
  const how = hasVectorClocks
    ? 'Click an event to highlight its causal past and future (by vector clock; concurrent events stay plain).'
    : 'This run has no vector_clock column, so clicking an event shows its details only.';
  return `<div class="legend">${items.join('')}</div>
<p class="small">Wheel: zoom around the pointer; drag: pan; the strip above is the whole run (press or drag to move the
window there; red ticks: undelivered copies). ${how}</p>`;
}
