/**
 * A remote VM's rows that a fetch after its kill could not get, against a fake shell session on its host (answers
 * scripted per command) and a real run-folder CSV: they are recorded where they stay, asked for again before a
 * restart, and set aside on the host rather than cut off when they still cannot be fetched.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { RemoteCsv } from '../../launcher/remote-csv.js';
import { fetchChunkBytes, fetchChunkCommand } from '../../launcher/remote-csv-fetch.js';
import { setAsideCommand, setAsideMark } from '../../launcher/remote-cut-back.js';
import type { RemoteHostLink } from '../../launcher/remote-host-link.js';
import type { ShellResult } from '../../launcher/remote-host-shell.js';
import { UnrelayedRows } from '../../launcher/remote-unrelayed-rows.js';
import { RemoteVmRows } from '../../launcher/remote-vm-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'clocklab-remote-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hostFile = '/opt/clocklab/logs/.remote-r1/vm-1.csv';
const aside = '/opt/clocklab/logs/.remote-r1/vm-1.life-1.csv';
/** The file's size there (22 bytes), then no base64. */
const notBase64: ShellResult = { ok: true, output: ['22', 'base64: not found?'] };
/** A fetch's answer from byte `from`: the file's size there, then `text` in base64. */
const fetched = (text: string, from = 12): ShellResult => ({
  ok: true,
  output: [String(from + Buffer.byteLength(text)), Buffer.from(text).toString('base64')],
});

/** A host whose session answers each command with the next of `answers` (the last one again when they run out). */
function onHost(answers: ShellResult[]) {
  const commands: string[] = [];
  const host = {
    name: 'h2',
    ssh: 'root@10.0.0.3',
    scratchDir: '/opt/clocklab/logs/.remote-r1',
    shell: {
      run: async (command: string) => {
        commands.push(command);
        return answers.length > 1 ? (answers.shift() as ShellResult) : (answers[0] as ShellResult);
      },
    },
  } as unknown as RemoteHostLink;
  const csv = new RemoteCsv(join(dir, `vm-1-${Math.random()}.csv`));
  const output: string[] = [];
  const say = (line: string) => output.push(line);
  /** One life's rows: relayed (written here as the channel would) and never relayed. */
  const rowsOf = () => {
    const relay = new RemoteVmRows(host, 1, csv, say, { onRefused: () => {}, onCannotWrite: () => {} });
    const unrelayed = new UnrelayedRows(host, 1, csv, say, relay);
    return {
      write: (offset: number, data: string) => relay.write(offset, data),
      fetchRest: () => unrelayed.fetchRest(),
      fetchAgain: () => unrelayed.fetchAgain(),
      cutBack: (resumeAt: number) => unrelayed.cutBack(resumeAt),
    };
  };
  return { commands, csv, output, rowsOf };
}

describe("a killed remote VM's rows that could not be fetched", () => {
  test('are recorded where they stay (host, file, byte, why), and the line says so', async () => {
    const { csv, output, rowsOf } = onHost([notBase64]);
    const rows = rowsOf();
    rows.write(0, 'header\nrow0\n');
    await rows.fetchRest();
    expect(csv.rowsOnHost).toEqual({ host: 'h2', file: hostFile, fromByte: 12, why: 'the answer was not base64' });
    expect(output).toEqual([
      `could not fetch its rows after byte 12 from host h2 (root@10.0.0.3): the answer was not base64; they stay there in ${hostFile}`,
    ]);
    csv.close();
  });

  test('are asked for again before a restart: fetched now, they are in the run folder and no record stays', async () => {
    const { commands, csv, output, rowsOf } = onHost([notBase64, fetched('row1\nrow2\n')]);
    const rows = rowsOf();
    rows.write(0, 'header\nrow0\n');
    await rows.fetchRest();
    await rows.fetchAgain();
    expect(commands).toEqual([
      fetchChunkCommand(hostFile, 12, fetchChunkBytes),
      fetchChunkCommand(hostFile, 12, fetchChunkBytes),
    ]);
    expect(csv.rowsOnHost).toBeUndefined();
    expect(output.at(-1)).toBe(
      'its rows after byte 12, not fetched at its kill, were fetched from host h2 (root@10.0.0.3) before its restart',
    );
    csv.close();
    expect(readFileSync(csv.path, 'utf8')).toBe('header\nrow0\nrow1\nrow2\n');
  });

  test('a life whose fetch did not fail is not asked again', async () => {
    const { commands, rowsOf } = onHost([fetched('', 0)]);
    const rows = rowsOf();
    await rows.fetchRest();
    await rows.fetchAgain();
    expect(commands).toEqual([fetchChunkCommand(hostFile, 0, fetchChunkBytes)]);
  });

  test("still not fetched, the record takes the second try's why", async () => {
    const timedOut = { ok: false, output: ['no answer from the host in 15 s'] };
    const { csv, rowsOf } = onHost([notBase64, timedOut]);
    const rows = rowsOf();
    rows.write(0, 'header\nrow0\n');
    await rows.fetchRest();
    await rows.fetchAgain();
    expect(csv.rowsOnHost).toEqual({
      host: 'h2',
      file: hostFile,
      fromByte: 12,
      why: 'no answer from the host in 15 s',
    });
    csv.close();
  });

  test("at the restart's cut-back, its file is set aside whole, not cut: the record names the copy, of life 1", async () => {
    const { commands, csv, output, rowsOf } = onHost([notBase64, { ok: true, output: [setAsideMark] }]);
    const first = rowsOf();
    first.write(0, 'header\nrow0\n');
    await first.fetchRest();
    const resumeAt = csv.resumeAt();
    expect(await rowsOf().cutBack(resumeAt)).toBeUndefined();
    expect(commands.at(-1)).toBe(setAsideCommand(hostFile, aside, 12));
    expect(csv.rowsOnHost).toBeUndefined();
    expect(csv.earlierRowsOnHost).toEqual([
      { life: 1, host: 'h2', file: aside, fromByte: 12, why: 'the answer was not base64' },
    ]);
    expect(output.at(-1)).toBe(
      `its life 1's rows from byte 12 on could not be fetched (the answer was not base64): they stay on host h2 (root@10.0.0.3) in ${aside}; its life 2 goes on from that byte`,
    );
    csv.close();
  });

  test('a file that holds nothing past what the run folder has: nothing is set aside, and no record stays', async () => {
    const { csv, output, rowsOf } = onHost([notBase64, { ok: true, output: [] }]);
    const first = rowsOf();
    first.write(0, 'header\nrow0\n');
    await first.fetchRest();
    expect(await rowsOf().cutBack(csv.resumeAt())).toBeUndefined();
    expect([csv.rowsOnHost, csv.earlierRowsOnHost]).toEqual([undefined, []]);
    expect(output.at(-1)).toBe(
      'its file on host h2 (root@10.0.0.3) holds nothing past byte 12: no row of its life 1 is missing',
    );
    csv.close();
  });

  test('a set-aside that fails ends the restart before its VM starts, naming why; the record still names the file', async () => {
    const full = { ok: false, output: [`cp: error writing '${aside}': No space left on device`] };
    const { csv, rowsOf } = onHost([notBase64, full]);
    const first = rowsOf();
    first.write(0, 'header\nrow0\n');
    await first.fetchRest();
    expect(await rowsOf().cutBack(csv.resumeAt())).toBe(
      `could not restart: its CSV on host h2 (root@10.0.0.3) could not be set aside as ${aside} and cut back to 12 bytes (cp: error writing '${aside}': No space left on device)`,
    );
    expect(csv.rowsOnHost).toEqual({ host: 'h2', file: hostFile, fromByte: 12, why: 'the answer was not base64' });
    expect(csv.earlierRowsOnHost).toEqual([]);
    csv.close();
  });
});
