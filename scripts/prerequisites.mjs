// @ts-check
/**
 * Runs before `npm test` (pretest) and `npm start` (prestart): checks for what the project needs beyond Node and
 * its packages, and installs what is missing with apt-get when it can (root on Debian). Where it cannot, it stops
 * with the one command to run. Prints nothing when everything is there.
 *
 *   node scripts/prerequisites.mjs test    Java 17+ (DynamoDB Local), Chromium at /usr/bin/chromium, a CJK font
 *   node scripts/prerequisites.mjs start   Java 17+
 *
 * Plain JavaScript rather than TypeScript because it runs before every `npm test` and `npm start`: node starts it
 * in about 0.15 s, tsx would take 0.5–0.9 s on its own (with `// @ts-check`, editors still check it). The probes look where the environment says, so that
 * test/scripts/prerequisites.test.ts can point them at stand-ins: `java`, `fc-list` and `apt-get` are looked up
 * on PATH; PREREQUISITES_CHROMIUM, PREREQUISITES_FONT_DIR, PREREQUISITES_DEBIAN_VERSION and PREREQUISITES_UID
 * replace /usr/bin/chromium, /usr/share/fonts/opentype/noto, /etc/debian_version and the process's user id.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const env = process.env;
// the browser test harness launches exactly this one (test/portal/harness.ts), never a downloaded browser
const CHROMIUM = env.PREREQUISITES_CHROMIUM ?? '/usr/bin/chromium';
// where Debian's fonts-noto-cjk puts its fonts; only looked at when fontconfig's fc-list is not installed
const FONT_DIR = env.PREREQUISITES_FONT_DIR ?? '/usr/share/fonts/opentype/noto';
const DEBIAN_VERSION = env.PREREQUISITES_DEBIAN_VERSION ?? '/etc/debian_version';
const UID = env.PREREQUISITES_UID === undefined ? process.getuid?.() : Number(env.PREREQUISITES_UID);

/**
 * @typedef {object} Requirement
 * @property {string} pkg the Debian package that provides it
 * @property {() => string | undefined} lack what is lacking, in words, or undefined when it is there
 */

/** @param {string} name @returns {boolean} */
function onPath(name) {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** @type {Requirement} */
const java = {
  pkg: 'openjdk-17-jre-headless',
  lack() {
    const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) return 'Java 17+';
    // `java -version` prints to stderr: `openjdk version "17.0.15"` or, for Java 8, `"1.8.0_292"`
    const match = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
    if (match?.[1] === undefined) return undefined;
    const major = match[1] === '1' ? Number(match[2]) : Number(match[1]);
    return major < 17 ? `Java 17+ (found Java ${major})` : undefined;
  },
};

/** @type {Requirement} */
const chromium = {
  pkg: 'chromium',
  lack() {
    try {
      accessSync(CHROMIUM, constants.X_OK);
      return undefined;
    } catch {
      return `Chromium (${CHROMIUM})`;
    }
  },
};

/** @type {Requirement} */
const cjkFont = {
  pkg: 'fonts-noto-cjk',
  // without one, the portal's screenshots show boxes instead of Chinese
  lack() {
    if (onPath('fc-list')) {
      const probe = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
      return probe.status === 0 && probe.stdout.trim() !== '' ? undefined : 'a CJK font';
    }
    try {
      return readdirSync(FONT_DIR).some((file) => file.includes('CJK')) ? undefined : 'a CJK font';
    } catch {
      return 'a CJK font';
    }
  },
};

/** @type {Record<string, Requirement[]>} */
const NEEDS = { test: [java, chromium, cjkFont], start: [java] };

/** @param {Requirement[]} requirements */
function lacking(requirements) {
  return requirements.flatMap((requirement) => {
    const what = requirement.lack();
    return what === undefined ? [] : [{ what, pkg: requirement.pkg }];
  });
}

/** @param {string[]} items */
function inWords(items) {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** @param {number} ms */
function duration(ms) {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const say = (/** @type {string} */ line) => console.log(`prerequisites: ${line}`);

/**
 * One progress line from apt-get's status lines (`dlstatus:…:percent:text` while downloading, `pmstatus:…`
 * while unpacking and setting up): rewritten in place on a terminal, one line per tenth in a log.
 * @param {Record<string, string>} phases what to call each kind of status line
 */
function progressLine(phases) {
  const tty = process.stdout.isTTY === true;
  let shown = '';
  return {
    /** @param {string} status */
    update(status) {
      const [kind = '', , percent] = status.split(':');
      const phase = phases[kind];
      if (phase === undefined || percent === undefined) return;
      const whole = Math.floor(Number(percent));
      const line = `${phase} ${tty ? whole : Math.floor(whole / 10) * 10}%`;
      if (line === shown) return;
      shown = line;
      if (tty) process.stdout.write(`\r\x1b[Kprerequisites: ${line}`);
      else say(line);
    },
    end() {
      if (tty && shown !== '') process.stdout.write('\r\x1b[K');
    },
  };
}

/**
 * Runs apt-get quietly: its own output is shown only when it fails, its status lines (file descriptor 3) feed
 * the progress line. A failure is not final: apt-get can fail over a package it was not asked for, or over one
 * unreachable source, and still bring what is needed; the check afterwards decides.
 * @param {string[]} args
 * @param {Record<string, string>} phases
 * @returns {Promise<void>}
 */
function aptGet(args, phases) {
  const progress = progressLine(phases);
  const child = spawn('apt-get', ['-q', '-o', 'APT::Status-Fd=3', '-o', 'DPkg::Lock::Timeout=300', ...args], {
    env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // a process that cannot start ends with 'error' and then 'close'
  child.on('error', (error) => keep(Buffer.from(error.message)));
  let pending = '';
  child.stdio[3]?.on('data', (/** @type {Buffer} */ chunk) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) progress.update(line);
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      progress.end();
      if (code !== 0)
        console.error(`prerequisites: apt-get ${args.join(' ')} failed (exit ${code}):\n${output.trimEnd()}`);
      resolve();
    });
  });
}

const command = process.argv[2] ?? '';
const needs = NEEDS[command];
if (needs === undefined) {
  console.error(`usage: node scripts/prerequisites.mjs ${Object.keys(NEEDS).join('|')}`);
  process.exit(2);
}

const missing = lacking(needs);
if (missing.length > 0) {
  const packages = missing.map((gap) => gap.pkg);
  const what = inWords(missing.map((gap) => gap.what));
  const root = UID === 0;
  const debian = existsSync(DEBIAN_VERSION) && onPath('apt-get');
  const install = `apt-get install -y ${packages.join(' ')}`;
  if (!root || !debian) {
    const run = `${root ? '' : 'sudo '}${install}`;
    console.error(
      debian
        ? `npm ${command} needs ${what}; run: ${run}`
        : `npm ${command} needs ${what}; this is not Debian, so install the equivalent of: ${run}`,
    );
    process.exit(1);
  }
  const started = Date.now();
  say(`npm ${command} needs ${what}; installing as root: apt-get update && ${install}`);
  await aptGet(['update'], { dlstatus: 'updating package lists' });
  await aptGet(['install', '-y', ...packages], { dlstatus: 'downloading', pmstatus: 'installing' });
  const still = lacking(needs);
  if (still.length > 0) {
    console.error(`npm ${command} still needs ${inWords(still.map((gap) => gap.what))}; run: ${install}`);
    process.exit(1);
  }
  say(`installed ${packages.join(' ')} in ${duration(Date.now() - started)}`);
}
