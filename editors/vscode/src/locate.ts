// Decides how to run the pep-lsp server. Kept free of the `vscode` module so the search order is
// plain code with unit tests (src/test/locate.test.ts): an explicit server path; else the bundled
// server (or, with importStrategy `fromEnvironment`, an installed pep-lsp) run by the first Python
// 3.10+ among the interpreter setting, the Python extension's environment and PATH.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The oldest Python the server runs on (pyproject.toml's requires-python). */
export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** The command that starts the server, and a sentence saying why this one, for the output channel. */
export interface Launch {
  command: string;
  args: string[];
  reason: string;
}

/** Why no server can be started (shown as one notification) and the setting that would fix it. */
export class NotFound extends Error {
  constructor(
    message: string,
    readonly setting: string,
  ) {
    super(message);
  }
}

/** What running a Python candidate told us about itself. */
export interface PythonInfo {
  executable: string;
  version: [number, number, number];
  /** The installed pep-lsp's version in that environment, or null. */
  pepLsp: string | null;
}

/** A place to look for Python, and the command it gave (undefined: nothing there). */
export interface Candidate {
  where: string;
  command?: string[];
  /** Why there is no command (e.g. "not set", "not installed", "not found"). */
  absent?: string;
}

/** What the Python extension said: not installed, or the command of its active environment. */
export interface PythonExtensionAnswer {
  installed: boolean;
  command?: string[];
}

export type ImportStrategy = "useBundled" | "fromEnvironment";

export interface LocateOptions {
  serverPath: string;
  interpreter: string[];
  importStrategy: ImportStrategy;
  workspaceFolder: string | undefined;
  /** bundled/tool/server.py inside the installed extension. */
  bundledServer: string;
  pythonExtension: () => Promise<PythonExtensionAnswer>;
  pathVariable: string | undefined;
  /** Runs a Python command and reports what it is; a string is the reason it could not. */
  probe?: (command: string[]) => Promise<PythonInfo | string>;
}

const EXE_SUFFIXES = process.platform === "win32" ? [".exe", ".cmd", ".bat", ""] : [""];
const PATH_PYTHONS = process.platform === "win32" ? ["python", "py", "python3"] : ["python3", "python", "py"];

/** Prints what the interpreter is; valid Python 2 too, so an old `python` answers instead of failing. */
const PROBE = [
  "import json, sys",
  "try:",
  "    from importlib.metadata import version",
  "    pep_lsp = version('pep-lsp')",
  "except Exception:",
  "    pep_lsp = None",
  "print(json.dumps({'executable': sys.executable, 'version': list(sys.version_info[:3]), 'pepLsp': pep_lsp}))",
].join("\n");

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

/** Every executable called `name` on a PATH string, in PATH order (the first is what `which` says). */
export function allOnPath(name: string, pathVariable: string | undefined): string[] {
  const found: string[] = [];
  for (const dir of (pathVariable ?? "").split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const suffix of EXE_SUFFIXES) {
      const candidate = path.join(dir, name + suffix);
      if (isExecutable(candidate) && !found.includes(candidate)) {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}

/** First executable called `name` on a PATH string, like `which`. */
export function onPath(name: string, pathVariable: string | undefined): string | undefined {
  return allOnPath(name, pathVariable)[0];
}

/** Runs PROBE with a candidate; never throws (a broken interpreter is one more thing tried). */
export function probePython(command: string[]): Promise<PythonInfo | string> {
  return new Promise((resolve) => {
    execFile(command[0], [...command.slice(1), "-c", PROBE], { timeout: 15000, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr).trim().split("\n").pop() || error.message;
        resolve(`does not run (${detail})`);
        return;
      }
      try {
        const info = JSON.parse(String(stdout).trim().split("\n").pop() ?? "") as PythonInfo;
        if (typeof info.executable === "string" && Array.isArray(info.version)) {
          resolve(info);
          return;
        }
      } catch {
        /* fall through */
      }
      resolve(`gave no version (${String(stdout).trim().slice(0, 200)})`);
    });
  });
}

export function versionText(version: readonly number[]): string {
  return version.join(".");
}

function usable(info: PythonInfo): boolean {
  const [major, minor] = info.version;
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

function expandHome(value: string): string {
  return value.startsWith("~") ? path.join(process.env.HOME ?? process.env.USERPROFILE ?? "", value.slice(1)) : value;
}

function fromWorkspace(value: string, workspaceFolder: string | undefined): string {
  const expanded = expandHome(value.trim()).replace("${workspaceFolder}", workspaceFolder ?? "");
  return path.isAbsolute(expanded) || !workspaceFolder ? expanded : path.join(workspaceFolder, expanded);
}

/** The interpreter candidates in the documented order: setting, Python extension, PATH. */
export async function pythonCandidates(options: LocateOptions): Promise<Candidate[]> {
  const setting = options.interpreter.filter((part) => part.trim());
  const candidates: Candidate[] = [
    setting.length
      ? { where: "pepLsp.interpreter", command: [fromWorkspace(setting[0], options.workspaceFolder), ...setting.slice(1)] }
      : { where: "pepLsp.interpreter", absent: "not set" },
  ];
  const extension = await options.pythonExtension();
  candidates.push(
    !extension.installed
      ? { where: "the Python extension", absent: "not installed" }
      : extension.command?.length
        ? { where: "the Python extension's environment", command: extension.command }
        : { where: "the Python extension", absent: "has no environment selected" },
  );
  // Every match, not only the first: an old python3 early on PATH must not hide a newer one.
  for (const name of PATH_PYTHONS) {
    const found = allOnPath(name, options.pathVariable);
    candidates.push(...found.map((file) => ({ where: `${name} on PATH`, command: [file] })));
    if (!found.length) {
      candidates.push({ where: `${name} on PATH`, absent: "not found" });
    }
  }
  return candidates;
}

/**
 * Resolve the server. An explicit server path that points nowhere is an error of its own rather
 * than a silent fall-through: the user asked for that file.
 */
export async function locateServer(options: LocateOptions): Promise<Launch> {
  const setting = options.serverPath.trim();
  if (setting) {
    const absolute = fromWorkspace(setting, options.workspaceFolder);
    if (isExecutable(absolute)) {
      return { command: absolute, args: [], reason: "the setting pepLsp.server.path" };
    }
    throw new NotFound(
      `The setting pepLsp.server.path is "${setting}", but ${absolute} is not an executable file.`,
      "pepLsp.server.path",
    );
  }
  const probe = options.probe ?? probePython;
  const tried: string[] = [];
  let firstUsable: { candidate: Candidate; command: string[]; info: PythonInfo } | undefined;
  for (const candidate of await pythonCandidates(options)) {
    if (!candidate.command) {
      tried.push(`${candidate.where}: ${candidate.absent}`);
      continue;
    }
    const info = await probe(candidate.command);
    const shown = candidate.command.join(" ");
    if (typeof info === "string") {
      tried.push(`${candidate.where}: ${shown} ${info}`);
      continue;
    }
    if (!usable(info)) {
      tried.push(`${candidate.where}: ${info.executable} is Python ${versionText(info.version)}`);
      continue;
    }
    if (options.importStrategy === "fromEnvironment" && info.pepLsp) {
      return {
        command: candidate.command[0],
        args: [...candidate.command.slice(1), "-m", "pep_lsp"],
        reason: `importStrategy fromEnvironment: pep-lsp ${info.pepLsp} installed for Python ${versionText(info.version)} (${info.executable}, from ${candidate.where})`,
      };
    }
    if (options.importStrategy === "useBundled") {
      return bundled(options, candidate, candidate.command, info);
    }
    tried.push(`${candidate.where}: ${info.executable} is Python ${versionText(info.version)} without pep-lsp`);
    firstUsable ??= { candidate, command: candidate.command, info };
  }
  if (options.importStrategy === "fromEnvironment") {
    const script = onPath("pep-lsp", options.pathVariable);
    if (script) {
      return { command: script, args: [], reason: "importStrategy fromEnvironment: pep-lsp on PATH" };
    }
    tried.push("pep-lsp on PATH: not found");
    if (firstUsable) {
      const launch = bundled(options, firstUsable.candidate, firstUsable.command, firstUsable.info);
      return { ...launch, reason: `${launch.reason}; no installed pep-lsp (tried ${tried.join("; ")})` };
    }
  }
  throw new NotFound(
    `pep-lsp needs Python ${versionText(MIN_PYTHON)} or newer to run its server and found none. ` +
      `Tried: ${tried.join("; ")}. ` +
      `Install Python ${versionText(MIN_PYTHON)}+ or set pepLsp.interpreter to its path.`,
    "pepLsp.interpreter",
  );
}

function bundled(options: LocateOptions, candidate: Candidate, command: string[], info: PythonInfo): Launch {
  return {
    command: command[0],
    args: [...command.slice(1), options.bundledServer],
    reason: `the bundled server with Python ${versionText(info.version)} (${info.executable}, from ${candidate.where})`,
  };
}
