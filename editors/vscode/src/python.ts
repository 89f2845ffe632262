// The Python extension (ms-python.python), when it is installed: its active environment is one of
// the places the server's interpreter comes from. Never a dependency: forks of VS Code cannot
// install it, so everything here works when it is absent.
import * as vscode from "vscode";
import { PythonExtensionAnswer } from "./locate";

/** The part of the ms-python extension API we use; both the new and the legacy shape. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(
      env: { id: string; path: string } | string,
    ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
  };
}

const PYTHON_EXTENSION = "ms-python.python";

async function api(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION);
  if (!extension) {
    return undefined;
  }
  return extension.isActive ? extension.exports : await extension.activate();
}

/** The command of the active environment's interpreter, or why there is none. */
export async function activeEnvironment(output: vscode.OutputChannel): Promise<PythonExtensionAnswer> {
  if (!vscode.extensions.getExtension(PYTHON_EXTENSION)) {
    return { installed: false };
  }
  try {
    const python = await api();
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (python?.environments) {
      const active = python.environments.getActiveEnvironmentPath(resource);
      const executable = (await python.environments.resolveEnvironment(active))?.executable.uri?.fsPath;
      if (executable) {
        return { installed: true, command: [executable] };
      }
    }
    return { installed: true, command: python?.settings?.getExecutionDetails(resource).execCommand };
  } catch (error) {
    output.appendLine(`Could not ask the Python extension for its interpreter: ${String(error)}`);
    return { installed: true };
  }
}

/** Calls `listener` when the user selects another environment (a no-op without the extension). */
export async function onActiveEnvironmentChanged(listener: () => void): Promise<vscode.Disposable | undefined> {
  try {
    return (await api())?.environments?.onDidChangeActiveEnvironmentPath?.(() => listener());
  } catch {
    return undefined;
  }
}
