import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Whether process `pid` holds the listening socket of TCP `port`, read from Linux's /proc (the sockets'
 * inodes in /proc/net/tcp{,6}, the process's in /proc/<pid>/fd); undefined where there is no /proc to
 * read. A local service found by polling its port may be another one that took the port first: this
 * tells them apart.
 */
export function holdsListeningPort(pid: number, port: number): boolean | undefined {
  const inodes = new Set<string>();
  try {
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
        const fields = line.trim().split(/\s+/);
        const local = fields[1];
        if (fields[3] !== '0A' || local === undefined) continue; // 0A: LISTEN
        if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9]) {
          inodes.add(`socket:[${fields[9]}]`);
        }
      }
    }
  } catch {
    return undefined;
  }
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false; // closed while we looked
      }
    });
  } catch {
    return undefined;
  }
}
