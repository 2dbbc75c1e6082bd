// Pure: whether a host name or address is this machine. Used by configuration (a read token is
// required off loopback) and by the HTTP adapter (reads are open only on loopback).

/** 127.0.0.0/8, ::1 (also IPv4-mapped and bracketed) and localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255);
}
