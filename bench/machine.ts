import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** What the figures were measured on, and CPU time of this process and of its JVM child (Linux /proc). */
export function machineDescription(): string {
  const list = cpus();
  const model = list[0]?.model.trim() ?? 'unknown CPU';
  return `${list.length} × ${model}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform} ${process.arch}`;
}

/** The commit the figures were measured at, "(dirty)" when tracked files differ from it. */
export function commitDescription(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();
    return dirty ? `${sha} (dirty)` : sha;
  } catch {
    return 'unknown';
  }
}

export function javaVersion(): string {
  // `java -version` writes to stderr
  const r = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 10_000 });
  return `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n')[0]?.trim() || 'unknown';
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds (user + system) used so far by the direct child processes named `java` (DynamoDB Local). */
export function javaChildCpuSeconds(): number | undefined {
  try {
    const children = readdirSync('/proc/self/task').flatMap((tid) =>
      readFileSync(`/proc/self/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
    );
    let ticks = 0;
    let found = false;
    for (const pid of children) {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'java') continue;
      // fields after the parenthesised command name: state is field 3, utime 14, stime 15
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    }
    return found ? ticks / clockTicks() : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) of this Node process so far. */
export function nodeCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export interface SystemCpu {
  busy: number;
  iowait: number;
  total: number;
}

/** Machine-wide CPU time from /proc/stat (every process, not only this benchmark's), in ticks. */
export function systemCpu(): SystemCpu | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const values = [user, nice, system, idle, iowait, irq, softirq, steal].map((v) => v ?? 0);
    const [u, n, s, i, w, q, sq, st] = values as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return { busy: u + n + s + q + sq + st, iowait: w, total: u + n + s + i + w + q + sq + st };
  } catch {
    return undefined;
  }
}
