/**
 * Ends a start that cannot succeed with one line on stderr saying why (a port in use, a bad
 * setting), and exit code 1: no stack trace for an operator to read through.
 */
export function startFailure(error: unknown, address?: string): never {
  const e = error as NodeJS.ErrnoException;
  let reason: string;
  if (e?.code === 'EADDRINUSE') reason = `cannot listen on ${address}: the address is already in use (EADDRINUSE); set PORT or HOST`;
  else if (e?.code === 'EACCES') reason = `cannot listen on ${address}: permission denied (EACCES); use a port above 1023`;
  else if (e?.code === 'EADDRNOTAVAIL') reason = `cannot listen on ${address}: no such local address (EADDRNOTAVAIL); check HOST`;
  else
    reason = String(e?.message ?? error)
      .replace(/:\n\s*/, ': ')
      .replace(/\n\s*/g, '; ');
  process.stderr.write(`ovop-gateway: start failed: ${reason}\n`);
  process.exit(1);
}
