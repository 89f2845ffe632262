"""Configuration: `[tool.pep-lsp]` in pyproject.toml or a pep-lsp.toml, editor settings, CLI flags.

Sources, lowest to highest precedence (a higher one overrides only the options it sets; `rules`
merges per code):

1. the defaults (bundled PEP template, every rule at its default severity);
2. the configuration file nearest the document: walking up from its folder, the first folder
   holding a `pep-lsp.toml`, or a `pyproject.toml` with a `[tool.pep-lsp]` table, wins
   (`pep-lsp.toml` first when a folder has both); `pep-lsp check --config PATH` names it instead;
3. editor settings (`initializationOptions`, then `workspace/configuration` section `pepLsp`);
4. `pep-lsp check --select/--ignore`.

A source that is broken (bad TOML, unknown option, unknown rule code, bad value, missing or
unusable template) is left out as a whole and reported as a `ConfigProblem` naming the file,
the line when known, and the problem; the other sources still apply. Nothing here imports
pygls, so the CLI stays light.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pep_lsp.engine.check import Settings
from pep_lsp.findings import Severity
from pep_lsp.rules import REGISTRY
from pep_lsp.template import (
    FIELD_KINDS,
    NOT_REQUIRED,
    PRESENCES,
    STATUS_KINDS,
    Schema,
    StatusValue,
    TemplateError,
    TemplateTables,
    default_statuses,
    load_template,
    toml_parser,
)
from pep_lsp.workspace.index import CrossFile, Scope, cross_file_views, matches

CONFIG_FILE = "pep-lsp.toml"
PYPROJECT = "pyproject.toml"
EDITOR_SECTION = "pepLsp"
EDITOR_SOURCE = "editor settings (pepLsp)"

OPTIONS = (
    "template",
    "rules",
    "select",
    "ignore",
    "statuses",
    "extend-statuses",
    "abstract-max-words",
    "title-max-length",
    "include",
    "exclude",
    "spelling-words",
    "url-allow-hosts",
    "url-cache-dir",
    "url-cache-hours",
    "url-timeout",
    "inlay-hints",
    "sections",
    "section-aliases",
    "fields",
    "default-stage",
)
URL_OPTIONS = (
    "url-allow-hosts",
    "url-cache-dir",
    "url-cache-hours",
    "url-timeout",
)  # `check --check-urls` only
DEFAULT_INCLUDE = ("*.md", "*.markdown")
RULE_LEVELS = {
    "off": None,
    "hint": Severity.HINT,
    "info": Severity.INFORMATION,
    "information": Severity.INFORMATION,
    "warning": Severity.WARNING,
    "error": Severity.ERROR,
}
STAGES = ("draft", "review", "final")
UNUSABLE = "no document is checked until the template is fixed"
# Settings the editor extensions keep under `pepLsp` for themselves (server path, tracing).
EDITOR_ONLY = frozenset({"server", "trace"})

_TOOL_TABLE = re.compile(r"""^\s*\[\s*tool\s*\.\s*(?:pep-lsp|"pep-lsp"|'pep-lsp')\s*[\].]""", re.M)
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class ConfigProblem:
    """What is wrong with one configuration source, said so a person can find and fix it."""

    source: str  # a file path, or EDITOR_SOURCE
    line: int | None  # 1-based, when known
    message: str
    fallback: str = (
        "its settings are ignored and the defaults apply"  # what the server does meanwhile
    )
    # The team's template cannot be used: no document is checked (the bundled PEP template's
    # rules would be advice for another process) until it is fixed.
    stops_rules: bool = False

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


class ConfigError(ValueError):
    """One or more problems of one source, all found in one reading (`problem` is the first)."""

    def __init__(self, problem: ConfigProblem, *more: ConfigProblem) -> None:
        super().__init__("\n".join(str(p) for p in (problem, *more)))
        self.problem = problem
        self.problems = (problem, *more)


@dataclass(frozen=True)
class Layer:
    """The validated options of one source, with kebab-case keys; unset options are absent."""

    source: str
    base: Path  # relative paths (template, include/exclude) are relative to this folder
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Resolved:
    """The settings in force for one document, and what the CLI needs besides."""

    settings: Settings
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    root: Path | None = None  # the configuration file's folder: include/exclude are relative to it
    config_file: Path | None = None
    problems: tuple[ConfigProblem, ...] = ()
    include_configured: bool = (
        False  # `include` was set: the files it matches are PEPs, whatever they hold
    )

    def selects(self, path: Path) -> bool:
        """Does `pep-lsp check` look at this file (include and not exclude)?"""
        root = self.root or Path.cwd()
        return matches(path, root, self.include) and not (
            self.exclude and matches(path, root, self.exclude)  # (no patterns: no realpath)
        )

    def claims(self, path: Path | None) -> bool:
        """Is this file a PEP by configuration: a configured `include` pattern matches it (and
        no `exclude` does)? The default include (every Markdown file) claims nothing."""
        return path is not None and self.include_configured and self.selects(path)


def claims_document(resolved: Resolved, path: Path | None, name: str, schema: Schema) -> bool:
    """Is a document a PEP whatever its text says: named for its number as the template's
    number field gives it (`pep-0012.md`), or matched by a configured `include` pattern?"""
    from pep_lsp.model.header import named_as_pep

    return resolved.claims(path) or named_as_pep(name, schema)


# --- reading -------------------------------------------------------------------------------


def option_name(key: str) -> str:
    """`abstractMaxWords`, `abstract_max_words` and `abstract-max-words` all name one option."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", key).replace("_", "-").lower()


def find_config_file(start: Path) -> Path | None:
    """The nearest `pep-lsp.toml`, or `pyproject.toml` with a `[tool.pep-lsp]` table, from `start` up."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return bool(_TOOL_TABLE.search(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


def load_config_file(path: Path) -> Layer:
    """The options of one configuration file; raises ConfigError when it is broken."""
    path = path.resolve()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as error:
        raise ConfigError(
            ConfigProblem(
                str(path), None, f"cannot read the configuration file ({error.strerror or error})"
            )
        ) from None
    return _load_file(str(path), mtime)


@lru_cache(maxsize=64)
def _load_file(path_text: str, _mtime: int) -> Layer:
    path = Path(path_text)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            ConfigProblem(path_text, None, f"cannot read the configuration file ({error})")
        ) from None
    tomllib = toml_parser()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = _TOML_POSITION.search(str(error))
        reason = _TOML_POSITION.sub("", str(error)).strip()
        line = int(position.group(1)) if position else None
        if reason.endswith("(at end of document)"):
            reason = reason.removesuffix("(at end of document)").strip() + " at the end of the file"
            line = max(
                (i + 1 for i, content in enumerate(text.splitlines()) if content.strip()),
                default=None,
            )
        raise ConfigError(ConfigProblem(path_text, line, f"invalid TOML: {reason}")) from None
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("pep-lsp", {})
        anchor = _TOOL_TABLE.search(text)
        start = text.count("\n", 0, anchor.start()) if anchor else 0
    else:
        table, start = data, 0
    if not isinstance(table, dict):
        raise ConfigError(ConfigProblem(path_text, start + 1, "[tool.pep-lsp] must be a table"))
    return parse_options(table, path_text, path.parent, _Locator(text, start))


def editor_layer(raw: Any, base: Path | None) -> Layer | None:
    """Editor settings as a layer (None when empty). Accepts the `pepLsp` object itself or
    `{"pepLsp": {...}}`; empty strings, lists and tables mean "not set", as editors send them."""
    if isinstance(raw, Mapping) and isinstance(raw.get(EDITOR_SECTION), Mapping):
        raw = raw[EDITOR_SECTION]
    # Neovim encodes an empty Lua table `{}` as the JSON array `[]`: no settings, not an error.
    if raw is None or (isinstance(raw, (list, tuple)) and not raw):
        return None
    if not isinstance(raw, Mapping):
        raise ConfigError(ConfigProblem(EDITOR_SOURCE, None, "settings must be an object"))
    cleaned = {
        k: v
        for k, v in raw.items()
        if option_name(k) not in EDITOR_ONLY and v not in ("", None, [], {}, ())
    }
    layer = parse_options(cleaned, EDITOR_SOURCE, base or Path.cwd(), None)
    return layer if layer.values else None


class _Locator:
    """Finds the line of a key or a rule code in the configuration text, for messages."""

    def __init__(self, text: str, start: int) -> None:
        self.lines = text.splitlines()
        self.start = start

    def line_of(self, *needles: str) -> int | None:
        for needle in needles:
            key = re.escape(needle)
            pattern = re.compile(
                rf"""(?:^|[\s{{,"'])["']?{key}["']?\s*(?:=|[,\]}}"'])|^\s*\[+\s*(?:[\w"'-]+\.)*["']?{key}["']?\s*[\].]"""
            )
            for index in range(self.start, len(self.lines)):
                if pattern.search(self.lines[index]):
                    return index + 1
        return None


def parse_options(
    table: Mapping[str, Any], source: str, base: Path, locator: _Locator | None
) -> Layer:
    """Validate one source's options; raises ConfigError naming every problem found in it."""

    def fail(message: str, *needles: str) -> ConfigError:
        return ConfigError(
            ConfigProblem(source, locator.line_of(*needles) if locator else None, message)
        )

    values: dict[str, Any] = {}
    problems: list[ConfigProblem] = []
    for key, value in table.items():
        try:
            name, parsed = _option(key, value, source, base, fail)
        except ConfigError as error:
            problems.extend(error.problems)
        else:
            values[name] = parsed
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise ConfigError(*problems)
    return Layer(source, base, values)


def _option(key: str, value: Any, source: str, base: Path, fail: Any) -> tuple[str, Any]:
    """One option's name and validated value; raises ConfigError with its problems."""
    name = option_name(key)
    if (
        name == "tool"
        and source.endswith(CONFIG_FILE)
        and isinstance(value, Mapping)
        and "pep-lsp" in value
    ):
        raise fail(
            f"{CONFIG_FILE} takes the options at the top level: remove the [tool.pep-lsp] header",
            key,
        )
    if name not in OPTIONS:
        import difflib  # (loaded for a near miss only)

        close = difflib.get_close_matches(name, OPTIONS, n=1, cutoff=0.6)
        hint = (
            f" (did you mean '{close[0]}'?)" if close else f"; the options are {', '.join(OPTIONS)}"
        )
        raise fail(f"unknown option '{key}'{hint}", key)
    if name == "template":
        return name, _template(value, base, lambda message: fail(message, key))
    if name == "rules":
        return name, _rules(value, lambda message, *needles: fail(message, *needles or (key,)))
    if name in ("select", "ignore"):
        return name, _codes(value, key, lambda message, *needles: fail(message, *needles or (key,)))
    if name in ("statuses", "extend-statuses"):
        return name, _statuses(value, key, lambda message: fail(message, key))
    if name == "sections":
        return name, _section_table(value, key, lambda message: fail(message, key))
    if name == "section-aliases":
        return name, _alias_table(value, key, lambda message: fail(message, key))
    if name == "fields":
        return name, _field_table(value, key, lambda message: fail(message, key))
    if name == "default-stage":
        if value not in STAGES:
            raise fail(f"option '{key}' must be one of {', '.join(STAGES)}, not {value!r}", key)
        return name, value
    if name == "inlay-hints":
        if not isinstance(value, bool):
            raise fail(f"option '{key}' must be true or false, not {value!r}", key)
        return name, value
    if name == "url-cache-dir":
        if not isinstance(value, str) or not value:
            raise fail(f"option '{key}' must be the path of a folder", key)
        return name, str((base / value).resolve())
    if name in ("abstract-max-words", "title-max-length", "url-cache-hours", "url-timeout"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise fail(f"option '{key}' must be a positive whole number, not {value!r}", key)
        return name, value
    # include, exclude, spelling-words, url-allow-hosts
    return name, _strings(value, key, lambda message: fail(message, key))


def _all_or_raise(errors: list[ConfigError]) -> None:
    """Raise one ConfigError holding every problem of `errors`, if any."""
    if errors:
        raise ConfigError(*(p for error in errors for p in error.problems))


def _strings(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
        raise fail(f"option '{key}' must be a list of strings")
    return tuple(value)


def _template(value: Any, base: Path, fail: Any) -> str:
    if not isinstance(value, str) or not value:
        raise fail("option 'template' must be the path of a Markdown template")
    path = (base / value).resolve()
    if not path.is_file():
        raise fail(f"template file '{value}' not found (looked for {path})")
    try:
        load_template(path)
    except TemplateError as error:
        reason = str(error).removeprefix(str(path) + ": ")
        raise _stopping(fail(f"template '{value}' cannot be used: {reason}")) from None
    except (OSError, UnicodeDecodeError) as error:
        raise _stopping(fail(f"template '{value}' cannot be read ({error})")) from None
    return str(path)


def _stopping(error: ConfigError) -> ConfigError:
    """The same problems, marked as stopping every rule (an unusable template)."""
    return ConfigError(*(replace(p, stops_rules=True, fallback=UNUSABLE) for p in error.problems))


def _section_table(value: Any, key: str, fail: Any) -> tuple[tuple[str, str], ...]:
    """`{ "Security Considerations" = "essential", Motivation = "not-required" }`."""
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise fail(
            f'option \'{key}\' must be a table of "Section title" = "priority level" '
            f"(a level of the template's priority list, or '{NOT_REQUIRED}')"
        )
    return tuple((title, level.strip().casefold()) for title, level in value.items())


def _alias_table(value: Any, key: str, fail: Any) -> tuple[tuple[str, str], ...]:
    """`{ "Detailed design" = "Reference-level explanation" }`: written title = template title."""
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise fail(f'option \'{key}\' must be a table of "Title as written" = "Template title"')
    return tuple((alias, title) for alias, title in value.items())


def _field_table(value: Any, key: str, fail: Any) -> tuple[tuple[str, str, str], ...]:
    """`{ eip = "number", category = "conditional", last-call-deadline = { kind = "date",
    presence = "optional" } }`: a kind, a presence, or a table of both. Every wrong field is
    reported, not only the first."""
    if not isinstance(value, Mapping):
        raise fail(
            f"option '{key}' must be a table of field = kind, presence or {{ kind, presence }}"
        )
    result: list[tuple[str, str, str]] = []
    errors: list[ConfigError] = []
    for name, spec in value.items():
        try:
            result.append((name, *_field_spec(name, spec, fail)))
        except ConfigError as error:
            errors.append(error)
    _all_or_raise(errors)
    return tuple(result)


def _field_spec(name: str, spec: Any, fail: Any) -> tuple[str, str]:
    """One field's (kind, presence), either of them "" when not given."""
    if isinstance(spec, str):
        word = spec.strip().casefold()
        if word in FIELD_KINDS:
            return word, ""
        if word in PRESENCES:
            return "", word
        raise fail(
            f"field '{name}': {spec!r} is neither a kind ({', '.join(FIELD_KINDS)}) "
            f"nor a presence ({', '.join(PRESENCES)})"
        )
    if not isinstance(spec, Mapping):
        raise fail(f"field '{name}': give a kind, a presence or {{ kind, presence }}")
    extra = set(spec) - {"kind", "presence"}
    if extra:
        raise fail(f"field '{name}': unknown key '{sorted(extra)[0]}' (use kind, presence)")
    kind = str(spec.get("kind", "")).casefold()
    presence = str(spec.get("presence", "")).casefold()
    if kind and kind not in FIELD_KINDS:
        raise fail(f"field '{name}': kind {kind!r} is not one of {', '.join(FIELD_KINDS)}")
    if presence and presence not in PRESENCES:
        raise fail(f"field '{name}': presence {presence!r} is not one of {', '.join(PRESENCES)}")
    return kind, presence


def _rules(value: Any, fail: Any) -> dict[str, Severity | None]:
    if not isinstance(value, Mapping):
        raise fail(
            'option \'rules\' must be a table of CODE = "off" | "hint" | "info" | "warning" | "error"'
        )
    result: dict[str, Severity | None] = {}
    errors: list[ConfigError] = []
    for code, level in value.items():
        upper = code.upper()
        if upper not in REGISTRY:
            import difflib  # (loaded for a near miss only)

            close = difflib.get_close_matches(upper, list(REGISTRY), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else " (see `pep-lsp rules`)"
            errors.append(fail(f"unknown rule code '{code}' in 'rules'{hint}", code))
        elif not isinstance(level, str) or level.strip().lower() not in RULE_LEVELS:
            errors.append(
                fail(f"rule {code}: {level!r} is not one of off, hint, info, warning, error", code)
            )
        else:
            result[upper] = RULE_LEVELS[level.strip().lower()]
    _all_or_raise(errors)
    return result


def _codes(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    codes = tuple(code.upper() for code in _strings(value, key, lambda message: fail(message)))
    _all_or_raise(
        [
            fail(
                f"unknown rule code or prefix '{code}' in '{key}' (see `pep-lsp rules`)",
                code,
                code.lower(),
            )
            for code in codes
            if not any(known.startswith(code) for known in REGISTRY)
        ]
    )
    return codes


def _statuses(value: Any, key: str, fail: Any) -> tuple[StatusValue, ...]:
    """Names (stage, meaning and kind taken from the bundled value of that name, else "review") or
    tables `{ name = "...", stage = "draft" | "review" | "final", meaning = "...", kind = "rejected" | ... }`."""
    if not isinstance(value, (list, tuple)):
        raise fail(
            f"option '{key}' must be a list of status names or {{ name, stage, meaning }} tables"
        )
    bundled = {s.name.casefold(): s for s in default_statuses()}
    result = []
    for item in value:
        if isinstance(item, str) and item.strip():
            known = bundled.get(item.strip().casefold())
            result.append(known or StatusValue(item.strip(), "review", ""))
        elif (
            isinstance(item, Mapping) and isinstance(item.get("name"), str) and item["name"].strip()
        ):
            stage = item.get("stage", "review")
            if stage not in STAGES:
                raise fail(
                    f"status '{item['name']}': stage {stage!r} is not one of {', '.join(STAGES)}"
                )
            extra = set(item) - {"name", "stage", "meaning", "kind"}
            if extra:
                raise fail(
                    f"status '{item['name']}': unknown key '{sorted(extra)[0]}' (use name, stage, meaning, kind)"
                )
            kind = item.get("kind", "")
            if kind and kind not in STATUS_KINDS:
                raise fail(
                    f"status '{item['name']}': kind {kind!r} is not one of {', '.join(STATUS_KINDS)}"
                )
            result.append(
                StatusValue(item["name"].strip(), stage, str(item.get("meaning", "")), kind)
            )
        else:
            raise fail(
                f"option '{key}': {item!r} is neither a status name nor a {{ name, stage, meaning }} table"
            )
    return tuple(result)


# --- merging -------------------------------------------------------------------------------


def merge(
    layers: Sequence[Layer], problems: Sequence[ConfigProblem] = (), config_file: Path | None = None
) -> Resolved:
    """Later layers override earlier ones option by option; `rules` merges per code;
    `statuses` replaces the vocabulary and `extend-statuses` adds to it."""
    values: dict[str, Any] = {}
    severities: dict[str, Severity | None] = {}
    statuses: list[StatusValue] | None = None
    root = config_file.parent if config_file else None
    for layer in layers:
        for name, value in layer.values.items():
            if name == "rules":
                severities.update(value)
            elif name == "statuses":
                statuses = list(value)
            elif name == "extend-statuses":
                statuses = list(default_statuses()) if statuses is None else statuses
                names = {s.name.casefold() for s in statuses}
                statuses.extend(s for s in value if s.name.casefold() not in names)
            else:
                values[name] = value
                if name in ("include", "exclude"):
                    root = layer.base
    options = {
        name: values[name]
        for name in (
            "abstract-max-words",
            "title-max-length",
            "spelling-words",
            "inlay-hints",
            "default-stage",
            *URL_OPTIONS,
        )
        if name in values
    }
    tables = TemplateTables(
        values.get("sections", ()), values.get("section-aliases", ()), values.get("fields", ())
    )
    stopped = any(p.stops_rules for p in problems)
    settings = Settings(
        template=values.get("template"),
        select=values.get("select", ()),
        # An unusable template: every rule off (the prefix "" names them all).
        ignore=("",) if stopped else values.get("ignore", ()),
        severities=severities,
        options=options,
        statuses=tuple(statuses) if statuses is not None else None,
        tables=None if tables.empty else tables,
    )
    return Resolved(
        settings,
        values.get("include", DEFAULT_INCLUDE),
        values.get("exclude", ()),
        root,
        config_file,
        tuple(problems),
        include_configured="include" in values,
    )


def resolve(
    document: Path | None,
    editor: Sequence[Layer] = (),
    config_file: Path | None = None,
    overrides: Layer | None = None,
) -> Resolved:
    """The settings for a document: defaults, its configuration file (found from `document`
    unless `config_file` is given), editor layers, then overrides. Broken sources are left
    out and listed in `problems`."""
    layers: list[Layer] = []
    problems: list[ConfigProblem] = []
    path = config_file or (find_config_file(document) if document is not None else None)
    if path is not None:
        try:
            layers.append(load_config_file(path))
        except ConfigError as error:
            problems.extend(error.problems)
    layers.extend(editor)
    if overrides is not None:
        layers.append(overrides)
    return merge(layers, problems, path.resolve() if path is not None else None)


def with_usable_template(resolved: Resolved) -> Resolved:
    """The same settings if their template still loads; else no rule runs, and a problem.

    A template is checked when its configuration is read, but it can be edited afterwards (the
    configuration file's cache does not see that), so this is checked again before use.
    """
    template = resolved.settings.template
    if template is None:
        return resolved
    try:
        load_template(template, resolved.settings.statuses, resolved.settings.tables)
        return resolved
    except TemplateError as error:
        message = f"template cannot be used: {str(error).removeprefix(template + ': ')}"
    except (OSError, UnicodeDecodeError) as error:
        message = f"template cannot be read ({getattr(error, 'strerror', None) or error})"
    # Not the bundled PEP template: its rules would be advice for another process.
    settings = replace(resolved.settings, template=None, tables=None, ignore=("",))
    problem = ConfigProblem(template, None, message, UNUSABLE, stops_rules=True)
    return replace(resolved, settings=settings, problems=(*resolved.problems, problem))


__all__ = [
    "scope_for_folder",
    "workspace_for_check",
    "ConfigError",
    "ConfigProblem",
    "Layer",
    "Resolved",
    "claims_document",
    "editor_layer",
    "find_config_file",
    "load_config_file",
    "matches",
    "merge",
    "option_name",
    "parse_options",
    "resolve",
    "with_usable_template",
]


# --- the workspace index's scopes ------------------------------------------------------------


def scope_for_folder(
    folder: Path, config_file: Path | None = None, overrides: object = None
) -> Scope:
    """The scope of a folder under the configuration that applies there (as `check` resolves it):
    the index takes its schema and include/exclude from here, never reading configuration itself."""
    resolved = with_usable_template(
        resolve((folder / "_.md").absolute(), config_file=config_file, overrides=overrides)  # type: ignore[arg-type]
    )
    return Scope(
        folder.absolute(),
        resolved.settings.schema(),
        resolved.include,
        resolved.exclude,
        resolved.root,
    )


def workspace_for_check(
    paths: Sequence[str], config_file: Path | None = None, overrides: object = None
) -> Callable[[Path, str], CrossFile]:
    """For `pep-lsp check`: the index of the paths given, each folder under its configuration."""
    return cross_file_views(
        [Path(p) for p in paths], lambda folder: scope_for_folder(folder, config_file, overrides)
    )
