/**
 * A config or experiment file's text, read with a bound: configs are a few KB of JSON, and read whole a device or an
 * endless file went on for hundreds of MB first (`launcher run /dev/zero` read ~330 MB, then said 'cannot read the
 * config (error)'). Any kind of file is read, so a config from a pipe (`launcher run <(jq ... config.json)`) works.
 */
import { type ConfigFile, openConfigFile } from './fifo-open.js';

export const maxConfigBytes = 1024 * 1024;

/** `problem`: what is wrong, without the file's name (the caller puts it first). */
export type ConfigText = { ok: true; text: string } | { ok: false; problem: string };

/** `onWait` hears one line when `file` is a FIFO no writer has opened yet (fifo-open.ts). */
export async function readConfigText(
  file: string,
  what = 'config',
  onWait?: (line: string) => void,
): Promise<ConfigText> {
  const cannot = (error: unknown): ConfigText => ({
    ok: false,
    problem: `cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
  });
  let opened: ConfigFile;
  try {
    opened = await openConfigFile(file, onWait);
  } catch (error) {
    return cannot(error);
  }
  const { handle } = opened;
  try {
    const pieces: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxConfigBytes) {
        return { ok: false, problem: `over ${maxConfigBytes} bytes, too large for a ${what} (a few KB of JSON)` };
      }
      pieces.push(buffer.subarray(0, bytesRead));
    }
    return { ok: true, text: Buffer.concat(pieces).toString('utf8') };
  } catch (error) {
    return cannot(error);
  } finally {
    await handle.close().catch(() => {});
    opened.done();
  }
}
