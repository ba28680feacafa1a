/**
 * The injected faults in the space-time diagram, on the lines of the VMs they concern: a pause, the time a VM was
 * down, its kill and its restart on that VM's line only; a partition as a band on every VM's line with the VM's group
 * named where the band starts (`{1,2}`), so a reader sees which VMs were cut off from which.
 */
import { faultColors } from '../charts/chart-style.js';
import type { FaultMarkers } from '../charts/fault-markers.js';

type Spec = Record<string, unknown>;
/** The diagram's own x (real seconds, over the window) and y (VM lines) encodings of a field. */
export type Axes = { x: (field: string) => Spec; y: (field: string) => Spec };

/** How far a mark reaches above and below its VM's line, in lines. */
const half = 0.36;

export function vmFaultLayers(faults: FaultMarkers, machines: number, axes: Axes): Spec[] {
  const all = Array.from({ length: machines }, (_, vm) => vm);
  const onLine = (vm: number) => ({ y0: vm - half, y1: vm + half });
  const bands = faults.bands.flatMap((band) => {
    const at = { kind: band.kind, from: band.fromMs / 1000, to: band.toMs / 1000, label: band.label };
    if (band.vm !== null) return [{ ...at, ...onLine(band.vm), group: '' }];
    const groups = band.groups.length > 0 ? band.groups : [all];
    return groups.flatMap((group) =>
      group.filter((vm) => vm < machines).map((vm) => ({ ...at, ...onLine(vm), group: `{${group.join(',')}}` })),
    );
  });
  // A rule without a VM (none today) spans every line.
  const rules = faults.rules.map((rule) => ({
    kind: rule.kind,
    at: rule.atMs / 1000,
    label: rule.label,
    ...(rule.vm === null ? { y0: -0.5, y1: machines - 0.5 } : onLine(rule.vm)),
  }));
  if (bands.length === 0 && rules.length === 0) return [];
  const color = {
    field: 'kind',
    type: 'nominal',
    legend: null,
    scale: { domain: Object.keys(faultColors), range: Object.values(faultColors) },
  };
  const tooltip = [{ field: 'label', title: 'fault' }];
  const layers: Spec[] = [];
  if (bands.length > 0) {
    layers.push({
      data: { values: bands },
      mark: { type: 'rect', opacity: 0.2, clip: true },
      encoding: { x: axes.x('from'), x2: { field: 'to' }, y: axes.y('y0'), y2: { field: 'y1' }, color, tooltip },
    });
    const named = bands.filter((band) => band.group !== '');
    if (named.length > 0)
      layers.push({
        data: { values: named },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: 10, clip: true },
        encoding: { x: axes.x('from'), y: axes.y('y0'), text: { field: 'group' }, color, tooltip },
      });
  }
  if (rules.length > 0)
    layers.push({
      data: { values: rules },
      mark: { type: 'rule', strokeWidth: 2, strokeDash: [4, 3], clip: true },
      encoding: { x: axes.x('at'), y: axes.y('y0'), y2: { field: 'y1' }, color, tooltip },
    });
  return [{ layer: layers }];
}
