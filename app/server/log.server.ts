// One JSON line per event, so `wrangler tail --format json` can be filtered
// with jq. Never put a client's name, email or phone in a log line.

export type LogFields = Record<string, unknown>;
export type Logger = {
  requestId: string;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
};

function write(level: "info" | "warn" | "error", requestId: string, event: string, fields: Record<string, unknown> = {}) {
  const { error, ...rest } = fields;
  const line: Record<string, unknown> = { level, event, requestId, at: new Date().toISOString(), ...rest };
  if (error !== undefined) {
    line.error = error instanceof Error ? { name: error.name, message: error.message } : String(error);
  }
  const text = JSON.stringify(line);
  if (level === "error") console.error(text);
  else if (level === "warn") console.warn(text);
  else console.log(text);
}

export function createLogger(requestId: string): Logger {
  return {
    requestId,
    info: (event, fields) => write("info", requestId, event, fields),
    warn: (event, fields) => write("warn", requestId, event, fields),
    error: (event, fields) => write("error", requestId, event, fields),
  };
}
