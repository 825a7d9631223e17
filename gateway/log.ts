export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEYS = /authorization|token|secret|password|api[-_]?key|headers/i;

/**
 * A JSON-lines logger on stderr. Fields whose names look like secrets are redacted, so a manifest's
 * headers or a bearer token never reach a log.
 */
export function createLogger(minimum: LogLevel, write: (line: string) => void = (l) => console.error(l)): Logger {
  return (level, message, fields = {}) => {
    if (ORDER[level] < ORDER[minimum]) return;
    const safe = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : v]));
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...safe }));
  };
}
