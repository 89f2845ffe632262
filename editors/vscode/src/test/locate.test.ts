// Unit tests of the server search (src/locate.ts): the order of the places it looks, what each
// import strategy runs, and the one message when nothing usable is found. Fake interpreters are
// shell scripts that answer the probe like a real Python would; one test uses a real python3.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { locateServer, LocateOptions, NotFound, probePython, PythonExtensionAnswer } from "../locate";

const BUNDLED = "/ext/bundled/tool/server.py";

/** A directory of fake executables: name -> (version, installed pep-lsp or null). */
function fakeBin(pythons: Record<string, { version: [number, number, number]; pepLsp?: string }>, extra: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pep-lsp-locate-"));
  for (const [name, { version, pepLsp }] of Object.entries(pythons)) {
    const answer = JSON.stringify({ executable: path.join(dir, name), version, pepLsp: pepLsp ?? null });
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\necho '${answer}'\n`, { mode: 0o755 });
  }
  for (const name of extra) {
    fs.writeFileSync(path.join(dir, name), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  }
  return dir;
}

const noPythonExtension = async (): Promise<PythonExtensionAnswer> => ({ installed: false });

function options(overrides: Partial<LocateOptions>): LocateOptions {
  return {
    serverPath: "",
    interpreter: [],
    importStrategy: "useBundled",
    workspaceFolder: undefined,
    bundledServer: BUNDLED,
    pythonExtension: noPythonExtension,
    pathVariable: "",
    ...overrides,
  };
}

async function notFound(opts: LocateOptions): Promise<NotFound> {
  try {
    await locateServer(opts);
  } catch (error) {
    assert.ok(error instanceof NotFound, String(error));
    return error;
  }
  assert.fail("locateServer found a server");
}

test("with nothing set, the first Python 3.10+ on PATH runs the bundled server", async () => {
  const old = fakeBin({ python3: { version: [3, 8, 18] } });
  const good = fakeBin({ python3: { version: [3, 12, 1] }, python: { version: [3, 13, 0] } });
  const launch = await locateServer(options({ pathVariable: [old, good].join(path.delimiter) }));
  // python3 comes before python; the 3.8 one in the first directory is skipped.
  assert.deepEqual([launch.command, ...launch.args], [path.join(good, "python3"), BUNDLED]);
  assert.equal(launch.reason, `the bundled server with Python 3.12.1 (${path.join(good, "python3")}, from python3 on PATH)`);
});

test("python, then py, when there is no python3", async () => {
  const bin = fakeBin({ py: { version: [3, 11, 2] }, python: { version: [2, 7, 18] } });
  const launch = await locateServer(options({ pathVariable: bin }));
  assert.deepEqual([launch.command, ...launch.args], [path.join(bin, "py"), BUNDLED]);
});

test("the interpreter setting comes before the Python extension and PATH", async () => {
  const setting = fakeBin({ "python3.10": { version: [3, 10, 13] } });
  const onPath = fakeBin({ python3: { version: [3, 12, 1] } });
  const launch = await locateServer(
    options({
      interpreter: [path.join(setting, "python3.10"), "-X", "utf8"],
      pythonExtension: async () => ({ installed: true, command: [path.join(onPath, "python3")] }),
      pathVariable: onPath,
    }),
  );
  assert.deepEqual([launch.command, ...launch.args], [path.join(setting, "python3.10"), "-X", "utf8", BUNDLED]);
  assert.match(launch.reason, /from pepLsp\.interpreter\)$/);
});

test("a relative interpreter setting is relative to the workspace folder", async () => {
  const workspace = fakeBin({});
  fs.mkdirSync(path.join(workspace, ".venv", "bin"), { recursive: true });
  const venvBin = path.join(workspace, ".venv", "bin");
  fs.renameSync(path.join(fakeBin({ python: { version: [3, 11, 7] } }), "python"), path.join(venvBin, "python"));
  const launch = await locateServer(options({ interpreter: [".venv/bin/python"], workspaceFolder: workspace }));
  assert.equal(launch.command, path.join(venvBin, "python"));
});

test("the Python extension's environment comes before PATH", async () => {
  const env = fakeBin({ python: { version: [3, 11, 7] } });
  const onPath = fakeBin({ python3: { version: [3, 12, 1] } });
  const launch = await locateServer(
    options({ pythonExtension: async () => ({ installed: true, command: [path.join(env, "python")] }), pathVariable: onPath }),
  );
  assert.deepEqual([launch.command, ...launch.args], [path.join(env, "python"), BUNDLED]);
  assert.match(launch.reason, /from the Python extension's environment\)$/);
});

test("an old interpreter in the setting or the Python extension falls through to PATH", async () => {
  const old = fakeBin({ python: { version: [3, 9, 18] } });
  const onPath = fakeBin({ python3: { version: [3, 12, 1] } });
  const launch = await locateServer(
    options({
      interpreter: [path.join(old, "python")],
      pythonExtension: async () => ({ installed: true, command: [path.join(old, "python")] }),
      pathVariable: onPath,
    }),
  );
  assert.equal(launch.command, path.join(onPath, "python3"));
});

test("useBundled ignores an installed pep-lsp", async () => {
  const bin = fakeBin({ python3: { version: [3, 12, 1], pepLsp: "0.0.9" } }, ["pep-lsp"]);
  const launch = await locateServer(options({ pathVariable: bin }));
  assert.deepEqual(launch.args, [BUNDLED]);
});

test("fromEnvironment runs the pep-lsp installed for the first usable Python", async () => {
  const plain = fakeBin({ python3: { version: [3, 12, 1] } });
  const withServer = fakeBin({ python: { version: [3, 11, 7], pepLsp: "0.2.0" } });
  const launch = await locateServer(
    options({
      importStrategy: "fromEnvironment",
      pythonExtension: async () => ({ installed: true, command: [path.join(withServer, "python")] }),
      pathVariable: plain,
    }),
  );
  assert.deepEqual([launch.command, ...launch.args], [path.join(withServer, "python"), "-m", "pep_lsp"]);
  assert.equal(
    launch.reason,
    `importStrategy fromEnvironment: pep-lsp 0.2.0 installed for Python 3.11.7 (${path.join(withServer, "python")}, from the Python extension's environment)`,
  );
});

test("fromEnvironment runs a pep-lsp on PATH when no interpreter has one", async () => {
  const bin = fakeBin({ python3: { version: [3, 12, 1] } }, ["pep-lsp"]);
  const launch = await locateServer(options({ importStrategy: "fromEnvironment", pathVariable: bin }));
  assert.deepEqual([launch.command, ...launch.args], [path.join(bin, "pep-lsp")]);
});

test("fromEnvironment falls back to the bundled server and says why", async () => {
  const bin = fakeBin({ python3: { version: [3, 12, 1] } });
  const launch = await locateServer(options({ importStrategy: "fromEnvironment", pathVariable: bin }));
  assert.deepEqual([launch.command, ...launch.args], [path.join(bin, "python3"), BUNDLED]);
  assert.equal(
    launch.reason,
    `the bundled server with Python 3.12.1 (${path.join(bin, "python3")}, from python3 on PATH); no installed pep-lsp ` +
      `(tried pepLsp.interpreter: not set; the Python extension: not installed; ` +
      `python3 on PATH: ${path.join(bin, "python3")} is Python 3.12.1 without pep-lsp; python on PATH: not found; ` +
      `py on PATH: not found; pep-lsp on PATH: not found)`,
  );
});

test("an explicit server path wins over everything", async () => {
  const bin = fakeBin({ python3: { version: [3, 12, 1] } }, ["pep-lsp"]);
  const launch = await locateServer(options({ serverPath: path.join(bin, "pep-lsp"), pathVariable: bin }));
  assert.deepEqual([launch.command, ...launch.args], [path.join(bin, "pep-lsp")]);
});

test("a server path that is not executable is its own error, naming that setting", async () => {
  const error = await notFound(options({ serverPath: "/nonexistent/pep-lsp", pathVariable: fakeBin({ python3: { version: [3, 12, 1] } }) }));
  assert.equal(error.message, 'The setting pepLsp.server.path is "/nonexistent/pep-lsp", but /nonexistent/pep-lsp is not an executable file.');
  assert.equal(error.setting, "pepLsp.server.path");
});

test("nothing usable: one message with what was tried, what was found and what is needed", async () => {
  const bin = fakeBin({ python3: { version: [3, 8, 18] }, python: { version: [2, 7, 18] } });
  const broken = path.join(bin, "broken-python");
  fs.writeFileSync(broken, "#!/bin/sh\necho 'no such module' >&2\nexit 3\n", { mode: 0o755 });
  const error = await notFound(
    options({
      interpreter: [broken],
      pythonExtension: async () => ({ installed: true }),
      pathVariable: bin,
    }),
  );
  assert.equal(
    error.message,
    "pep-lsp needs Python 3.10 or newer to run its server and found none. Tried: " +
      `pepLsp.interpreter: ${broken} does not run (no such module); ` +
      "the Python extension: has no environment selected; " +
      `python3 on PATH: ${path.join(bin, "python3")} is Python 3.8.18; ` +
      `python on PATH: ${path.join(bin, "python")} is Python 2.7.18; ` +
      "py on PATH: not found. Install Python 3.10+ or set pepLsp.interpreter to its path.",
  );
  assert.equal(error.setting, "pepLsp.interpreter");
});

test("an empty PATH and no Python extension", async () => {
  const error = await notFound(options({ pathVariable: "" }));
  assert.equal(
    error.message,
    "pep-lsp needs Python 3.10 or newer to run its server and found none. Tried: pepLsp.interpreter: not set; " +
      "the Python extension: not installed; python3 on PATH: not found; python on PATH: not found; " +
      "py on PATH: not found. Install Python 3.10+ or set pepLsp.interpreter to its path.",
  );
});

test("the probe reads a real Python's executable and version", async () => {
  const python = execFileSync("sh", ["-c", "command -v python3"], { encoding: "utf8" }).trim();
  const expected = execFileSync(python, ["-c", "import sys; print(sys.executable); print(*sys.version_info[:3])"], { encoding: "utf8" })
    .trim()
    .split("\n");
  const info = await probePython([python]);
  assert.ok(typeof info !== "string", String(info));
  assert.equal(info.executable, expected[0]);
  assert.deepEqual(info.version, expected[1].split(" ").map(Number));
});
