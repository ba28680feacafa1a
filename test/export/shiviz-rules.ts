/**
 * Test helper: reads a ShiViz log the way ShiViz does (line 1 the regex, wrapped in ^...$ and applied in multiline
 * mode to the text after line 2) and lists every way it breaks ShiViz's clock rules, plus the causal check that a
 * receive's clock dominates its send's. An empty list means ShiViz would draw it.
 */
export type ShivizEvent = {
  line: number;
  host: string;
  clock: Record<string, number>;
  event: string;
  fields: Record<string, string>;
};

export function parseShiviz(text: string): { regex: string; delimiter: string; events: ShivizEvent[]; lines: number } {
  const [regex = '', delimiter = '', ...rest] = text.split('\n');
  const body = rest.join('\n');
  const events: ShivizEvent[] = [];
  for (const match of body.matchAll(new RegExp(`^${regex}$`, 'gm'))) {
    const { host = '', clock = '', event = '', ...fields } = match.groups ?? {};
    const line = 3 + (body.slice(0, match.index).match(/\n/g)?.length ?? 0);
    events.push({ line, host, clock: JSON.parse(clock) as Record<string, number>, event, fields });
  }
  return { regex, delimiter, events, lines: rest.filter((l) => l !== '').length };
}

export function shivizProblems(events: readonly ShivizEvent[]): string[] {
  const problems: string[] = [];
  const byHost = new Map<string, ShivizEvent[]>();
  for (const e of events) {
    if (e.host === '') problems.push(`line ${e.line}: no host`);
    if (!Object.hasOwn(e.clock, e.host)) problems.push(`line ${e.line}: local host "${e.host}" missing from its clock`);
    const list = byHost.get(e.host) ?? [];
    list.push(e);
    byHost.set(e.host, list);
  }
  // ShiViz sorts each host's events by their own entry, then wants 1, 2, 3, ...
  for (const [host, list] of byHost) {
    const own = list.map((e) => e.clock[host] ?? 0).sort((a, b) => a - b);
    const at = own.findIndex((value, i) => value !== i + 1);
    if (at >= 0) problems.push(`host ${host}: own entry ${own[at]} where ${at + 1} was due`);
  }
  for (const e of events) {
    for (const [other, value] of Object.entries(e.clock)) {
      if (other === e.host) continue;
      const count = byHost.get(other)?.length ?? 0;
      if (!Number.isInteger(value) || value < 1 || value > count) {
        problems.push(`line ${e.line}: entry ${other}=${value} names no event (${other} has ${count})`);
      }
    }
  }
  const sends = new Map<string, ShivizEvent>();
  for (const e of events) {
    const id = /^send to=\S+ msg=(\S+)$/.exec(e.event)?.[1];
    if (id !== undefined) sends.set(id, e);
  }
  for (const e of events) {
    const id = /^recv from=\S+ msg=(\S+)$/.exec(e.event)?.[1];
    const send = id === undefined ? undefined : sends.get(id);
    if (send === undefined) continue;
    const dominated = Object.entries(send.clock).every(([h, v]) => (e.clock[h] ?? 0) >= v);
    if (!dominated || (e.clock[e.host] ?? 0) <= (send.clock[e.host] ?? 0)) {
      problems.push(
        `line ${e.line}: receive ${JSON.stringify(e.clock)} does not dominate its send ${JSON.stringify(send.clock)}`,
      );
    }
  }
  return problems;
}
