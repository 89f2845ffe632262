// Finds the pep-lsp executable. Kept free of the `vscode` module's runtime so the order of the
// search is plain code: setting, selected Python environment, PATH.
import * as fs from "fs";
import * as path from "path";

/** Where an executable was found, so the output channel can say why this one was used. */
export interface Located {
  command: string;
  source: "setting" | "python-environment" | "PATH";
}

/** Why no executable was found; shown to the user in one notification. */
export class NotFound extends Error {}

const EXE_SUFFIXES = process.platform === "win32" ? [".exe", ".cmd", ".bat", ""] : [""];

/** True for an existing regular file that this process may execute. */
export function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The `pep-lsp` script that pip installs beside a Python interpreter (bin/ or Scripts/). */
export function besideInterpreter(pythonExecutable: string): string | undefined {
  const dir = path.dirname(pythonExecutable);
  for (const suffix of EXE_SUFFIXES) {
    const candidate = path.join(dir, "pep-lsp" + suffix);
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** First `pep-lsp` on a PATH string, like `which`. */
export function onPath(pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? "").split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const suffix of EXE_SUFFIXES) {
      const candidate = path.join(dir, "pep-lsp" + suffix);
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * Resolve the server in the documented order. An explicit setting that points nowhere is an error
 * of its own rather than a silent fall-through: the user asked for that file.
 */
export async function locateServer(
  settingPath: string,
  workspaceFolder: string | undefined,
  pythonInterpreter: () => Promise<string | undefined>,
  pathVariable: string | undefined,
): Promise<Located> {
  const setting = settingPath.trim();
  if (setting) {
    const expanded = setting.startsWith("~")
      ? path.join(process.env.HOME ?? process.env.USERPROFILE ?? "", setting.slice(1))
      : setting;
    const absolute =
      path.isAbsolute(expanded) || !workspaceFolder ? expanded : path.join(workspaceFolder, expanded);
    if (isExecutable(absolute)) {
      return { command: absolute, source: "setting" };
    }
    throw new NotFound(
      `The setting pepLsp.server.path is "${setting}", but ${absolute} is not an executable file.`,
    );
  }
  const interpreter = await pythonInterpreter();
  if (interpreter) {
    const found = besideInterpreter(interpreter);
    if (found) {
      return { command: found, source: "python-environment" };
    }
  }
  const found = onPath(pathVariable);
  if (found) {
    return { command: found, source: "PATH" };
  }
  const where = interpreter ? ` the selected Python environment (${interpreter}),` : "";
  throw new NotFound(
    `Cannot find the pep-lsp server: it is not in pepLsp.server.path,${where} or on PATH. ` +
      "Install it with `pip install pep-lsp` or set pepLsp.server.path.",
  );
}
