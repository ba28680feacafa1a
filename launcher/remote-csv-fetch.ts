/**
 * Fetches the rows a killed VM wrote on its host but never relayed, from byte `from` of its file there, through the
 * host's shell session. In bounded chunks, each one base64 line well under the session's line bound, so a large rest
 * never meets that bound. Each answer gives the file's size there first: the fetch goes on until it has every byte up
 * to the size the first answer gave, and a chunk of fewer bytes than asked (a `base64` that failed with no output
 * read as "nothing more" before) fails it. Each chunk's answer is checked to be base64 before a byte is written.
 */
import type { HostShell } from './remote-host-shell.js';
import { shellWord } from './remote-ssh.js';

/** 4 MiB of file per command: 5.6 MB of base64, a third of the session's 16 MiB line bound. */
export const fetchChunkBytes = 4 << 20;
const base64Line = /^[A-Za-z0-9+/]*={0,2}$/;
const sizeLine = /^\s*(\d+)\s*$/;

/** `hostBytes`: the file's size on the host, when an answer gave it (the rows past `from` are then known to be there). */
export type FetchResult = { ok: true; bytes: number } | { ok: false; why: string; hostBytes?: number };

/** Answers two lines: the file's size in bytes, then up to `chunkBytes` of it from byte `from` as one base64 line. */
export function fetchChunkCommand(file: string, from: number, chunkBytes: number): string {
  const quoted = shellWord(file);
  // No file and nothing relayed yet: the VM never wrote (size 0); a missing file after relayed bytes is a failure. A
  // link planted in its place is not the VM's file (which the VM made itself, never through a link): never followed.
  return (
    `${refuseLink(quoted)}elif [ -f ${quoted} ]; then if size=$(wc -c < ${quoted}); then echo "$size"; ` +
    `tail -c +${from + 1} ${quoted} | head -c ${chunkBytes} | base64 | tr -d '\\n'; echo; ` +
    `else echo 'its file there cannot be read'; false; fi; ` +
    `elif [ ${from} -eq 0 ]; then echo 0; echo; else echo 'its file there is gone'; false; fi`
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
  /** The file's size there, as the first answer gave it: the fetch is done once it has every byte up to it. */
  let size: number | undefined;
  const failed = (why: string): FetchResult => ({ ok: false, why, ...(size === undefined ? {} : { hostBytes: size }) });
  for (;;) {
    const result = await shell.run(fetchChunkCommand(file, offset, chunkBytes));
    if (!result.ok) return failed(result.output.at(-1) ?? 'the command failed');
    // An empty line may not reach us as a line: no second line is an empty chunk.
    const [sizeText, text = '', ...more] = result.output;
    const answered = sizeLine.exec(sizeText ?? '');
    if (answered === null) return failed('the answer did not give its size there');
    size ??= Number(answered[1]);
    if (size < from) return failed(`its file there holds ${size} bytes, fewer than the ${from} the run folder has`);
    const asked = Math.min(chunkBytes, size - offset);
    // The file holds nothing past what the run folder has: nothing is missing, whatever came for the empty chunk.
    if (asked <= 0) return { ok: true, bytes: offset - from };
    if (more.length > 0 || !base64Line.test(text)) return failed('the answer was not base64');
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length !== asked)
      return failed(
        `the host sent ${bytes.length} of the ${asked} bytes asked for from byte ${offset} (its file there holds ${size})`,
      );
    if (bytes.length > 0) {
      const problem = write(offset, bytes);
      if (problem !== undefined) return failed(problem);
    }
    offset += bytes.length;
    if (offset >= size) return { ok: true, bytes: offset - from };
  }
}
