/** Calls `action` when `signal` aborts (at once if it already has); returns how to stop listening. */
export function onAbort(signal: AbortSignal | undefined, action: () => void): () => void {
  if (signal === undefined) return () => {};
  if (signal.aborted) {
    action();
    return () => {};
  }
  signal.addEventListener('abort', action, { once: true });
  return () => signal.removeEventListener('abort', action);
}

/**
 * A signal that aborts once any of `signals` does (already, if one has); undefined when none is given. As
 * AbortSignal.any, which Node 20 has only from 20.3.
 */
export function eitherAborts(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const given = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (given.length <= 1) return given[0];
  const either = new AbortController();
  const offs: (() => void)[] = [];
  const abort = () => {
    for (const off of offs) off();
    either.abort();
  };
  for (const signal of given) offs.push(onAbort(signal, abort));
  return either.signal;
}
