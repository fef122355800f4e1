/**
 * The local stack's own log lines: one line each, `component` first, fields as
 * `key=value`, to stderr so stdout stays for the handlers' JSON logs.
 * Callers must never pass tokens or secrets as fields.
 */
export interface Logger {
  info(component: string, message: string, fields?: Record<string, unknown>): void;
  warn(component: string, message: string, fields?: Record<string, unknown>): void;
  error(component: string, message: string, fields?: Record<string, unknown>): void;
}

function format(level: string, component: string, message: string, fields?: Record<string, unknown>): string {
  const time = new Date().toISOString().slice(11, 23);
  const extra = Object.entries(fields ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${level.padEnd(5)} ${component}: ${message}${extra ? ` ${extra}` : ''}\n`;
}

/**
 * A logger; `quiet` drops `info` lines (warnings and errors always show).
 *
 * @example
 * ```ts
 * const log = createLogger({ quiet: false });
 * log.warn('sqs-poller', 'handler file missing, queue not consumed', { queue: 'Orders' });
 * ```
 */
export function createLogger(options: { quiet?: boolean; write?: (line: string) => void } = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  return {
    info: (component, message, fields) => {
      if (!options.quiet) write(format('info', component, message, fields));
    },
    warn: (component, message, fields) => write(format('warn', component, message, fields)),
    error: (component, message, fields) => write(format('error', component, message, fields)),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
