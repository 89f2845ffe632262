// VS Code client for pep-lsp: runs the server it bundles (bundled/) with a Python 3.10+ it finds,
// over stdio for Markdown files, and passes the `pepLsp` settings through `workspace/configuration`.
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
import { ImportStrategy, locateServer, NotFound } from "./locate";
import { activeEnvironment, onActiveEnvironmentChanged } from "./python";

const CLIENT_ID = "pepLsp"; // languageclient reads `${CLIENT_ID}.trace.server` by this id
const CLIENT_NAME = "PEP Language Server";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let starting: Promise<void> | undefined;

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

async function openSettings(setting = "pepLsp.server.path"): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.openSettings", setting);
}

/** Settings that decide which server runs: changing one restarts it. */
const LAUNCH_SETTINGS = ["pepLsp.server.path", "pepLsp.interpreter", "pepLsp.importStrategy"];

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("pepLsp");
  let located;
  try {
    located = await locateServer({
      serverPath: config.get<string>("server.path", ""),
      interpreter: config.get<string[]>("interpreter", []),
      importStrategy: config.get<ImportStrategy>("importStrategy", "useBundled"),
      workspaceFolder: workspaceRoot(),
      bundledServer: context.asAbsolutePath(path.join("bundled", "tool", "server.py")),
      pythonExtension: () => activeEnvironment(output),
      pathVariable: process.env.PATH,
    });
  } catch (error) {
    const message = error instanceof NotFound ? error.message : `pep-lsp: ${String(error)}`;
    output.appendLine(message);
    // One notification, not a stack trace; the choice is not awaited so activation finishes.
    void vscode.window.showErrorMessage(message, "Open settings").then((choice) => {
      if (choice === "Open settings") {
        void openSettings(error instanceof NotFound ? error.setting : undefined);
      }
    });
    return;
  }
  output.appendLine(`Starting ${[located.command, ...located.args].join(" ")}: ${located.reason}.`);

  const serverOptions: ServerOptions = {
    command: located.command,
    args: located.args,
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
function restart(context: vscode.ExtensionContext): Promise<void> {
  const previous = starting ?? Promise.resolve();
  starting = previous.then(async () => {
    await stopClient();
    await startClient(context);
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
    vscode.commands.registerCommand("pepLsp.restartServer", () => restart(context)),
    vscode.commands.registerCommand("pepLsp.showOutput", () => output.show()),
    vscode.commands.registerCommand("pepLsp.nextLeftover", () => goToLeftover("pep-lsp.nextLeftover")),
    vscode.commands.registerCommand("pepLsp.previousLeftover", () => goToLeftover("pep-lsp.previousLeftover")),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (LAUNCH_SETTINGS.some((setting) => event.affectsConfiguration(setting))) {
        void restart(context);
      } else if (event.affectsConfiguration("pepLsp")) {
        void notifySettingsChanged();
      }
    }),
  );
  void onActiveEnvironmentChanged(() => void restart(context)).then((listener) => {
    if (listener) {
      context.subscriptions.push(listener);
    }
  });
  await restart(context);
}

export async function deactivate(): Promise<void> {
  await starting;
  await stopClient();
}
