// VS Code client for pep-lsp: finds the server, starts it over stdio for Markdown files, and passes
// the `pepLsp` settings through `workspace/configuration`.
import * as path from "path";
import * as vscode from "vscode";
import {
  ConfigurationParams,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  Location,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { locateServer, NotFound } from "./locate";

const CLIENT_ID = "pepLsp"; // languageclient reads `${CLIENT_ID}.trace.server` by this id
const CLIENT_NAME = "PEP Language Server";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let starting: Promise<void> | undefined;

/** The part of the ms-python extension API we use; both the new and the legacy shape. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(
      env: { id: string; path: string } | string,
    ): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
  };
}

/** The interpreter selected in the Python extension, or undefined when it is not installed. */
async function selectedPythonInterpreter(): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
  if (!extension) {
    return undefined;
  }
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (api?.environments) {
      const active = api.environments.getActiveEnvironmentPath(resource);
      const resolved = await api.environments.resolveEnvironment(active);
      const executable = resolved?.executable.uri?.fsPath;
      if (executable) {
        return executable;
      }
    }
    const legacy = api?.settings?.getExecutionDetails(resource).execCommand;
    return legacy?.[0];
  } catch (error) {
    output.appendLine(`Could not ask the Python extension for its interpreter: ${String(error)}`);
    return undefined;
  }
}

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/**
 * Relative template paths mean "relative to the workspace folder" for the user; the server only
 * sees the document, so resolve them here before they leave the editor.
 */
function resolveSettings(settings: unknown, scopeUri: string | undefined): unknown {
  if (!settings || typeof settings !== "object") {
    return settings;
  }
  const copy = { ...(settings as Record<string, unknown>) };
  const template = copy.template;
  if (typeof template === "string" && template) {
    const folder = scopeUri
      ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(scopeUri))?.uri.fsPath
      : undefined;
    const base = folder ?? workspaceRoot();
    let value = base ? template.replace("${workspaceFolder}", base) : template;
    if (!path.isAbsolute(value) && base) {
      value = path.join(base, value);
    }
    copy.template = value;
  }
  return copy;
}

async function openSettings(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.openSettings", "pepLsp.server.path");
}

async function startClient(): Promise<void> {
  const config = vscode.workspace.getConfiguration("pepLsp");
  let located;
  try {
    located = await locateServer(
      config.get<string>("server.path", ""),
      workspaceRoot(),
      selectedPythonInterpreter,
      process.env.PATH,
    );
  } catch (error) {
    const message = error instanceof NotFound ? error.message : `pep-lsp: ${String(error)}`;
    output.appendLine(message);
    // One notification, not a stack trace; the choice is not awaited so activation finishes.
    void vscode.window.showErrorMessage(message, "Open settings").then((choice) => {
      if (choice === "Open settings") {
        void openSettings();
      }
    });
    return;
  }
  output.appendLine(`Starting ${located.command} (found via ${located.source}).`);

  const serverOptions: ServerOptions = {
    command: located.command,
    args: [],
    transport: TransportKind.stdio,
    options: { cwd: workspaceRoot() },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    initializationOptions: resolveSettings(
      vscode.workspace.getConfiguration().get("pepLsp"),
      undefined,
    ),
    middleware: {
      workspace: {
        configuration: async (params: ConfigurationParams, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return result.map((value, index) =>
            params.items[index]?.section === "pepLsp"
              ? resolveSettings(value, params.items[index]?.scopeUri)
              : value,
          );
        },
      },
    },
  };
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    output.appendLine(`pep-lsp failed to start: ${String(error)}`);
    void vscode.window
      .showErrorMessage(`pep-lsp (${located.command}) failed to start.`, "Show output", "Open settings")
      .then((choice) => {
        if (choice === "Show output") {
          output.show();
        } else if (choice === "Open settings") {
          void openSettings();
        }
      });
  }
}

/**
 * Tell the running server its settings changed (it pulls them again with workspace/configuration).
 * Sent here rather than by languageclient's `synchronize` so a path change, which restarts the
 * server instead, never races a notification into a stopping client.
 */
async function notifySettingsChanged(): Promise<void> {
  if (!client?.isRunning()) {
    return;
  }
  try {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { pepLsp: resolveSettings(vscode.workspace.getConfiguration().get("pepLsp"), undefined) },
    });
  } catch (error) {
    output.appendLine(`Sending the new settings to pep-lsp failed: ${String(error)}`);
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch (error) {
      output.appendLine(`Stopping pep-lsp: ${String(error)}`);
    }
  }
}

/** Serialise (re)starts: a restart while one is in flight waits for it instead of racing it. */
function restart(): Promise<void> {
  const previous = starting ?? Promise.resolve();
  starting = previous.then(async () => {
    await stopClient();
    await startClient();
  });
  return starting;
}

/**
 * Move the cursor to the next (previous) instruction text or placeholder and select it, so typing
 * replaces it. The server finds it (`pep-lsp.nextLeftover` / `pep-lsp.previousLeftover`).
 */
async function goToLeftover(command: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client?.isRunning() || !editor) {
    return;
  }
  const position = client.code2ProtocolConverter.asPosition(editor.selection.active);
  const location = (await client.sendRequest(ExecuteCommandRequest.type, {
    command,
    arguments: [editor.document.uri.toString(), position],
  })) as Location | null;
  if (!location || !location.range) {
    void vscode.window.setStatusBarMessage("PEP: no instruction text or placeholder left", 3000);
    return;
  }
  const range = client.protocol2CodeConverter.asRange(location.range);
  // Anchored at the end, the cursor at the start: typing replaces the leftover, and the next
  // move (which starts from the cursor) leaves from where this one stopped.
  editor.selection = new vscode.Selection(range.end, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("pepLsp.restartServer", () => restart()),
    vscode.commands.registerCommand("pepLsp.showOutput", () => output.show()),
    vscode.commands.registerCommand("pepLsp.nextLeftover", () => goToLeftover("pep-lsp.nextLeftover")),
    vscode.commands.registerCommand("pepLsp.previousLeftover", () => goToLeftover("pep-lsp.previousLeftover")),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("pepLsp.server.path")) {
        void restart();
      } else if (event.affectsConfiguration("pepLsp")) {
        void notifySettingsChanged();
      }
    }),
  );
  await restart();
}

export async function deactivate(): Promise<void> {
  await starting;
  await stopClient();
}
