import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectPath } from '../../infra/paths.js';

/**
 * scripts/prerequisites.mjs (pretest, prestart) on a stand-in machine: PATH holds only stand-ins for `java`,
 * `fc-list` and `apt-get`, and the probes of Chromium, the font folder, /etc/debian_version and the user id are
 * pointed into a temporary folder, so nothing of this machine is looked at or installed.
 */
const SCRIPT = projectPath('scripts/prerequisites.mjs');

const javaSaying = (version: string): string =>
  `#!/bin/sh\necho 'openjdk version "${version}" 2025-04-15' >&2\n`;

interface Machine {
  java?: string;
  chromium?: boolean;
  /** fontconfig's fc-list on PATH (listing the fonts of the font folder) */
  fontconfig?: boolean;
  /** a CJK font in the font folder */
  font?: boolean;
  debian?: boolean;
  aptGet?: AptGet;
}

let dir = '';
let bin = '';
let pool = '';
let fonts = '';
let aptLog = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'homestead-prerequisites-'));
  bin = join(dir, 'bin');
  pool = join(dir, 'pool');
  fonts = join(dir, 'fonts');
  aptLog = join(dir, 'apt-get.log');
  for (const folder of [bin, pool, fonts]) mkdirSync(folder);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function executable(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o755 });
}

/**
 * A stand-in apt-get: logs each call; `install` copies in from the pool what each named package provides
 * ('works'), the same but then fails over another package ('fails after installing'), or fails outright.
 */
type AptGet = 'works' | 'fails after installing' | 'fails';

function aptGetStandIn(outcome: AptGet): string {
  const copies = `for pkg in "$@"; do case "$pkg" in
    openjdk-17-jre-headless) /bin/cp -p '${join(pool, 'java')}' '${join(bin, 'java')}' ;;
    chromium) /bin/cp -p '${join(pool, 'chromium')}' '${join(dir, 'chromium')}' ;;
    fonts-noto-cjk) /bin/cp -p '${join(pool, 'NotoSansCJK-Regular.ttc')}' '${fonts}/' ;;
  esac; done`;
  const install = {
    works: copies,
    'fails after installing': `${copies}\n  echo 'Errors were encountered while processing: some-other-package' >&2; exit 100`,
    fails: `echo 'E: Unable to locate package chromium' >&2; exit 100`,
  }[outcome];
  return `#!/bin/sh
echo "$DEBIAN_FRONTEND $*" >> '${aptLog}'
case " $* " in *" update "*)
  echo 'dlstatus:1:95.0000:Retrieving file 3 of 3' >&3 ;;
*" install "*)
  echo 'dlstatus:1:20.0000:Retrieving file 1 of 2' >&3
  echo 'pmstatus:chromium:55.0000:Unpacking chromium' >&3
  ${install} ;;
esac
`;
}

function setUp(machine: Machine): void {
  if (machine.java !== undefined) executable(join(bin, 'java'), javaSaying(machine.java));
  if (machine.chromium === true) executable(join(dir, 'chromium'), '#!/bin/sh\n');
  if (machine.fontconfig === true) {
    const listing = `for f in '${fonts}'/*CJK*; do [ -e "$f" ] && echo "$f: Noto Sans CJK SC"; done; exit 0`;
    executable(join(bin, 'fc-list'), `#!/bin/sh\n${listing}\n`);
  }
  if (machine.font === true) writeFileSync(join(fonts, 'NotoSansCJK-Regular.ttc'), '');
  if (machine.debian === true) writeFileSync(join(dir, 'debian_version'), '12.11\n');
  if (machine.aptGet !== undefined) executable(join(bin, 'apt-get'), aptGetStandIn(machine.aptGet));
  // what apt-get brings
  executable(join(pool, 'java'), javaSaying('17.0.15'));
  executable(join(pool, 'chromium'), '#!/bin/sh\n');
  writeFileSync(join(pool, 'NotoSansCJK-Regular.ttc'), '');
}

function check(command: 'test' | 'start', machine: Machine, uid: number) {
  setUp(machine);
  const result = spawnSync(process.execPath, [SCRIPT, command], {
    encoding: 'utf8',
    env: {
      PATH: bin,
      PREREQUISITES_CHROMIUM: join(dir, 'chromium'),
      PREREQUISITES_FONT_DIR: fonts,
      PREREQUISITES_DEBIAN_VERSION: join(dir, 'debian_version'),
      PREREQUISITES_UID: String(uid),
    },
  });
  const aptCalls = existsSync(aptLog) ? readFileSync(aptLog, 'utf8').trimEnd().split('\n') : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, aptCalls };
}

const ROOT = 0;
const USER = 1000;
const DEBIAN: Machine = { debian: true, aptGet: 'works' };
const EVERYTHING: Machine = { ...DEBIAN, java: '17.0.15', chromium: true, fontconfig: true, font: true };

describe('prerequisites: all present', () => {
  it('says nothing and installs nothing before npm test', () => {
    expect(check('test', EVERYTHING, ROOT)).toEqual({ status: 0, stdout: '', stderr: '', aptCalls: [] });
  });

  it('takes a newer Java and, without fontconfig, a CJK font in the font folder', () => {
    const machine = { ...DEBIAN, java: '21.0.2', chromium: true, font: true };
    expect(check('test', machine, USER)).toEqual({ status: 0, stdout: '', stderr: '', aptCalls: [] });
  });

  it('asks only for Java before npm start', () => {
    expect(check('start', { java: '17.0.15' }, USER)).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
      aptCalls: [],
    });
  });
});

describe('prerequisites: missing and installable (root on Debian)', () => {
  it('installs every missing package with one apt-get update and one apt-get install, then passes', () => {
    const result = check('test', DEBIAN, ROOT);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.aptCalls).toEqual([
      expect.stringMatching(/^noninteractive .* update$/),
      expect.stringMatching(/^noninteractive .* install -y openjdk-17-jre-headless chromium fonts-noto-cjk$/),
    ]);
    expect(result.stdout.split('\n')).toEqual([
      `prerequisites: npm test needs Java 17+, Chromium (${join(dir, 'chromium')}) and a CJK font; installing as root: apt-get update && apt-get install -y openjdk-17-jre-headless chromium fonts-noto-cjk`,
      'prerequisites: updating package lists 90%',
      'prerequisites: downloading 20%',
      'prerequisites: installing 50%',
      expect.stringMatching(
        /^prerequisites: installed openjdk-17-jre-headless chromium fonts-noto-cjk in \d+ s$/,
      ),
      '',
    ]);
  });

  it('names only what is missing: an old Java before npm start', () => {
    const result = check('start', { ...DEBIAN, java: '1.8.0_292' }, ROOT);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('npm start needs Java 17+ (found Java 8); installing as root');
    expect(result.aptCalls).toEqual([
      expect.stringMatching(/ update$/),
      expect.stringMatching(/ install -y openjdk-17-jre-headless$/),
    ]);
  });

  it('a CJK font when fontconfig lists none', () => {
    const result = check('test', { ...EVERYTHING, font: false }, ROOT);
    expect(result.status).toBe(0);
    expect(result.aptCalls).toEqual([
      expect.stringMatching(/ update$/),
      expect.stringMatching(/ install -y fonts-noto-cjk$/),
    ]);
  });

  it('stops with apt-get’s own words and the command when the install fails', () => {
    const result = check('test', { ...EVERYTHING, chromium: false, aptGet: 'fails' }, ROOT);
    expect(result.status).toBe(1);
    expect(result.aptCalls).toEqual([
      expect.stringMatching(/ update$/),
      expect.stringMatching(/ install -y chromium$/),
    ]);
    expect(result.stderr).toContain('E: Unable to locate package chromium');
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
      `npm test still needs Chromium (${join(dir, 'chromium')}); run: apt-get install -y chromium`,
    );
  });

  it('passes when apt-get fails over another package but brought what is needed', () => {
    const result = check('test', { ...EVERYTHING, chromium: false, aptGet: 'fails after installing' }, ROOT);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('apt-get install -y chromium failed (exit 100)');
    expect(result.stdout).toMatch(/installed chromium in \d+ s\n$/);
  });
});

describe('prerequisites: missing and not installable', () => {
  it('not root: one line with the sudo command for just what is missing, and a non-zero exit', () => {
    const result = check('test', { ...EVERYTHING, chromium: false, font: false }, USER);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `npm test needs Chromium (${join(dir, 'chromium')}) and a CJK font; run: sudo apt-get install -y chromium fonts-noto-cjk\n`,
      aptCalls: [],
    });
  });

  it('not Debian: one line with the Debian command to translate, and a non-zero exit', () => {
    const result = check('start', { aptGet: 'works' }, ROOT);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'npm start needs Java 17+; this is not Debian, so install the equivalent of: apt-get install -y openjdk-17-jre-headless\n',
      aptCalls: [],
    });
  });

  it('no apt-get on PATH counts as not Debian', () => {
    const result = check('start', { debian: true }, ROOT);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('this is not Debian');
  });
});
