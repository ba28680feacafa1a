/**
 * A launched VM's own lines go to its launcher through pipes: once the launcher is dead, a write there fails (EPIPE),
 * and Node throws a stream's 'error' that nothing hears. A VM that said two lines after its launcher's death (a link
 * dropped, a peer that sent no end marker) died of the second, before its end record. Those lines are dropped
 * instead, as the launcher drops the output it can no longer write.
 */
export function dropLostOutput(streams: readonly NodeJS.EventEmitter[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) stream.on('error', () => {});
}
