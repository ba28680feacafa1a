/**
 * Fetches the rows a killed VM wrote on its host but never relayed, from byte `from` of its file there, through the
 * host's shell session. In bounded chunks, each one base64 line well under the session's line bound, so a large rest
 * never meets that bound; each chunk's answer is checked to be base64 of at most a chunk before a byte is written.
 */
import type { HostShell } from './remote-host-shell.js';
import { shellWord } from './remote-ssh.js';

/** 4 MiB of file per command: 5.6 MB of base64, a third of the session's 16 MiB line bound. */
export const fetchChunkBytes = 4 << 20;
const base64Line = /^[A-Za-z0-9+/]*={0,2}$/;

export type FetchResult = { ok: true; bytes: number } | { ok: false; why: string };

export function fetchChunkCommand(file: string, from: number, chunkBytes: number): string {
  const quoted = shellWord(file);
  // No file and nothing relayed yet: the VM never wrote; a missing file after relayed bytes is a failure. A link
  // planted in its place is not the VM's file (which the VM made itself, never through a link): never followed.
  return (
    `${refuseLink(quoted)}elif [ -f ${quoted} ]; then tail -c +${from + 1} ${quoted} | head -c ${chunkBytes} | base64 | tr -d '\\n'; echo; ` +
    `else [ ${from} -eq 0 ]; fi`
  );
}

/**
 * The first branch of a command's `if` (an `elif` follows): it fails the command, saying why in its last line, when
 * the VM's file on its host is a symbolic link: something planted it there, and reading or cutting through it would
 * take another file for the VM's rows. No `exit`: the command runs in the host's one shell session.
 */
export function refuseLink(quoted: string): string {
  return `if [ -L ${quoted} ]; then echo 'a symbolic link stands in place of its file there: not followed'; false; `;
}

/** `write` stores one chunk at its offset and says why it could not (a refused gap, an fs error). */
export async function fetchRest(
  shell: Pick<HostShell, 'run'>,
  file: string,
  from: number,
  write: (offset: number, bytes: Buffer) => string | undefined,
  chunkBytes = fetchChunkBytes,
): Promise<FetchResult> {
  let offset = from;
  for (;;) {
    const result = await shell.run(fetchChunkCommand(file, offset, chunkBytes));
    if (!result.ok) return { ok: false, why: result.output.at(-1) ?? 'the command failed' };
    const text = result.output.join('');
    if (result.output.length > 1 || !base64Line.test(text)) return { ok: false, why: 'the answer was not base64' };
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length > chunkBytes) return { ok: false, why: `a chunk of ${bytes.length} bytes, over ${chunkBytes}` };
    if (bytes.length > 0) {
      const problem = write(offset, bytes);
      if (problem !== undefined) return { ok: false, why: problem };
    }
    offset += bytes.length;
    if (bytes.length < chunkBytes) return { ok: true, bytes: offset - from };
  }
}
