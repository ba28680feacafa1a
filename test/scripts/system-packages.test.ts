import { expect, test } from '@jest/globals';
import { ensureSystemPackages, type SystemPorts } from '../../scripts/system-packages.js';

/** A machine with these files, that can install (apt-get puts the packages' files in place) or not. */
function machine(files: string[], canInstall: boolean, aptWorks = true) {
  const present = new Set(files);
  const lines: string[] = [];
  const calls: string[][] = [];
  const ports: SystemPorts = {
    exists: (file) => present.has(file),
    canInstall: () => canInstall,
    aptGet: (args) => {
      calls.push([...args]);
      if (aptWorks && args[0] === 'install') {
        if (args.includes('chromium')) present.add('/usr/bin/chromium');
        if (args.includes('openssh-server')) present.add('/usr/sbin/sshd');
      }
      return aptWorks;
    },
    print: (line) => lines.push(line),
  };
  return { ports, lines, calls };
}

test('nothing to do when chromium and sshd are there', () => {
  const m = machine(['/usr/bin/chromium', '/usr/sbin/sshd'], true);
  expect(ensureSystemPackages(m.ports)).toBe(0);
  expect([m.lines, m.calls]).toEqual([[], []]);
});

test('as root with apt-get, installs exactly what is missing', () => {
  const m = machine(['/usr/bin/chromium'], true);
  expect(ensureSystemPackages(m.ports)).toBe(0);
  expect(m.calls).toEqual([
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'openssh-server'],
  ]);
  expect(m.lines).toEqual(['installing system packages the tests need: openssh-server']);
});

test('otherwise one line names what to install, and the exit is 1', () => {
  const m = machine([], false);
  expect(ensureSystemPackages(m.ports)).toBe(1);
  expect(m.calls).toEqual([]);
  expect(m.lines).toEqual([
    'npm test needs chromium (/usr/bin/chromium, for the report browser test), openssh-server (/usr/sbin/sshd, for ' +
      'the several-hosts tests): run `sudo apt-get install -y chromium openssh-server` and run again',
  ]);
});

test('an install that fails says so in one more line, and the exit is 1', () => {
  const m = machine(['/usr/sbin/sshd'], true, false);
  expect(ensureSystemPackages(m.ports)).toBe(1);
  expect(m.lines).toEqual([
    'installing system packages the tests need: chromium',
    'npm test: could not install chromium with apt-get; install it and run again',
  ]);
});
