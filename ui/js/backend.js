// The only module that talks to the Tauri shell. Everything else calls the typed functions
// below and receives plain data, or an Error carrying {code, message, field, fields}.

/** @typedef {{code: string, message: string, field?: string, fields?: Array<{field: string, code: string, message: string}>}} CommandErrorShape */

export class CommandError extends Error {
  /** @param {CommandErrorShape} shape */
  constructor(shape) {
    super(shape.message);
    this.name = "CommandError";
    this.code = shape.code;
    this.field = shape.field ?? null;
    this.fields = shape.fields ?? [];
  }
}

/** Turns whatever a rejected invoke produced into a CommandError. */
export function toCommandError(raw) {
  if (raw instanceof CommandError) return raw;
  if (raw && typeof raw === "object" && typeof raw.code === "string") {
    return new CommandError({
      code: raw.code,
      message: typeof raw.message === "string" ? raw.message : raw.code,
      field: raw.field,
      fields: Array.isArray(raw.fields) ? raw.fields : [],
    });
  }
  const message = typeof raw === "string" ? raw : raw?.message ?? "Unknown error";
  return new CommandError({ code: "ipc", message });
}

function tauriInvoke() {
  const invoke = globalThis.window?.__TAURI__?.core?.invoke;
  if (typeof invoke !== "function") {
    throw new CommandError({ code: "no_backend", message: "Latchkey's backend is not reachable." });
  }
  return invoke;
}

async function call(command, args = {}) {
  try {
    return await tauriInvoke()(command, args);
  } catch (raw) {
    throw toCommandError(raw);
  }
}

/** @returns {Promise<{name: string, version: string, dataDir: string, database: {path: string, createdThisStart: boolean, schemaVersion: number, journalMode: string, accountCount: number}}>} */
export const appInfo = () => call("app_info");
