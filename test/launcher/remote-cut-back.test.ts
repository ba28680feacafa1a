/**
 * The set-aside before a restart's cut-back, run by a real `sh` on real files, as a host's shell runs it: the file is
 * copied whole and cut back, or left as it was when that cannot be done.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { asideFile, setAsideCommand, setAsideMark } from '../../launcher/remote-cut-back.js';

const dir = mkdtempSync(join(tmpdir(), 'clocklab-cut-back-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sh = (command: string) => execFileSync('sh', ['-c', command], { encoding: 'utf8' });
const content = 'header\nrow0\nrow1\nrow2\n';

describe("setting a VM's file aside on its host before a restart", () => {
  test('named for the life that wrote it, beside the file', () => {
    expect(asideFile('/opt/clocklab/logs/.remote-r1/vm-12.csv', 3)).toBe(
      '/opt/clocklab/logs/.remote-r1/vm-12.life-3.csv',
    );
  });

  test('a file holding more than the run folder: copied whole, then cut back to what the run folder holds', () => {
    const file = join(dir, 'more.csv');
    writeFileSync(file, content);
    const aside = asideFile(file, 1);
    expect(sh(setAsideCommand(file, aside, 12))).toBe(`${setAsideMark}\n`);
    expect(readFileSync(aside, 'utf8')).toBe(content);
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\n');
  });

  test('a file holding no more: nothing copied, nothing cut, no mark', () => {
    const file = join(dir, 'same.csv');
    writeFileSync(file, 'header\nrow0\n');
    expect(sh(setAsideCommand(file, asideFile(file, 1), 12))).toBe('');
    expect(existsSync(asideFile(file, 1))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('header\nrow0\n');
  });

  test('a copy already there is never written over: it fails, the file as it was', () => {
    const file = join(dir, 'taken.csv');
    writeFileSync(file, content);
    writeFileSync(asideFile(file, 1), 'earlier\n');
    expect(() => sh(setAsideCommand(file, asideFile(file, 1), 12))).toThrow();
    expect(readFileSync(asideFile(file, 1), 'utf8')).toBe('earlier\n');
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  test('a copy that cannot be made (no folder for it) fails, saying why, the file as it was', () => {
    const file = join(dir, 'nowhere.csv');
    writeFileSync(file, content);
    const aside = join(dir, 'no-such-folder', 'vm-1.life-1.csv');
    let said = '';
    try {
      sh(setAsideCommand(file, aside, 12));
    } catch (error) {
      said = String((error as { stdout?: string }).stdout);
    }
    expect(said).toMatch(/^cp: .*No such file or directory/);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  test('no file where rows are to be kept, or a folder in its place, fails; no file and nothing to keep is fine', () => {
    const folder = join(dir, 'vm-9.csv');
    mkdirSync(folder);
    expect(() => sh(setAsideCommand(folder, asideFile(folder, 1), 12))).toThrow();
    expect(() => sh(setAsideCommand(join(dir, 'missing.csv'), join(dir, 'missing.life-1.csv'), 12))).toThrow();
    expect(sh(setAsideCommand(join(dir, 'missing.csv'), join(dir, 'missing.life-1.csv'), 0))).toBe('');
  });
});
