"""The server's settings state: editor settings, the settings per document, problems to show.

Kept apart from `server.py` so the server only wires: it hands raw editor settings in, asks
for a document's settings or schema, and shows the problem texts this store says are new.
No pygls here; positions and LSP types never reach it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pep_lsp.config import ConfigProblem, Layer, Resolved
    from pep_lsp.engine.check import Settings
    from pep_lsp.template import Schema

logger = logging.getLogger(__name__)

INITIALIZATION_OPTIONS, WORKSPACE_CONFIGURATION = 0, 1
"""The two editor sources, lowest first: `initializationOptions`, then `workspace/configuration`."""

CONFIG_FILES = ("pyproject.toml", "pep-lsp.toml")


def problem_text(problem: ConfigProblem) -> str:
    return f"pep-lsp: {problem} ({problem.fallback})"


class SettingsStore:
    """Settings per document: defaults < nearest configuration file < editor settings."""

    def __init__(self) -> None:
        self._editor_layers: list[Layer | None] = [None, None]
        self._editor_problems: list[tuple[ConfigProblem, ...]] = [(), ()]
        self._resolved: dict[str, Resolved] = {}
        self._shown: set[str] = set()

    # --- editor settings ----------------------------------------------------------------

    def set_editor_settings(self, source: int, raw: Any, root: str | None) -> None:
        """Raw settings from one editor source; a broken one is dropped and becomes a problem."""
        from pep_lsp.config import ConfigError, editor_layer

        try:
            self._editor_layers[source] = editor_layer(raw, Path(root) if root else None)
            self._editor_problems[source] = ()
        except ConfigError as error:
            self._editor_layers[source], self._editor_problems[source] = None, error.problems

    @property
    def editor_problems(self) -> tuple[ConfigProblem, ...]:
        return tuple(p for problems in self._editor_problems for p in problems)

    # --- per document -------------------------------------------------------------------

    def resolved_for(
        self, uri: str, path: str | None | Callable[[], str | None]
    ) -> tuple[Resolved, list[str]]:
        """The settings for a document (cached until `start_refresh`), and the texts of
        configuration problems not shown yet. `path` may be a function, called only when the
        cache misses (asked on every keystroke, the answer rarely changes)."""
        cached = self._resolved.get(uri)
        if cached is not None:
            return cached, []
        from dataclasses import replace

        from pep_lsp.config import resolve, with_usable_template

        if callable(path):
            path = path()
        editor = [layer for layer in self._editor_layers if layer is not None]
        cached = with_usable_template(resolve(Path(path) if path else None, editor))
        if self.editor_problems:
            cached = replace(cached, problems=(*cached.problems, *self.editor_problems))
        self._resolved[uri] = cached
        return cached, self.unshown(cached.problems)

    def settings_for(
        self, uri: str, path: str | None | Callable[[], str | None]
    ) -> tuple[Settings, list[str]]:
        resolved, new = self.resolved_for(uri, path)
        return resolved.settings, new

    @staticmethod
    def schema_of(settings: Settings) -> Schema:
        """The settings' template schema; the bundled one if the template broke since it was read."""
        try:
            return settings.schema()
        except (OSError, ValueError):
            from pep_lsp.template import default_schema

            logger.exception("pep-lsp: template %s", settings.template)
            return default_schema()

    def forget(self, uri: str) -> None:
        self._resolved.pop(uri, None)

    # --- refreshing -------------------------------------------------------------------------

    def refresh(
        self, schemas_in_use: Mapping[str, Schema], path_of: Callable[[str], str | None]
    ) -> tuple[dict[str, Schema], list[str]]:
        """Settings or a template may have changed: re-resolve every open document (uri -> the
        schema its model uses now). Returns the documents whose settings or schema changed, with
        the schema to use now, and the texts of problems to show (each once until fixed)."""
        previous = self.start_refresh()
        to_show = self.unshown(self.editor_problems)
        current = {problem_text(p) for p in self.editor_problems}
        changed: dict[str, Schema] = {}
        for uri, schema_in_use in schemas_in_use.items():
            resolved, new_problems = self.resolved_for(uri, path_of(uri))
            to_show += new_problems
            current.update(problem_text(p) for p in resolved.problems)
            schema = self.schema_of(resolved.settings)
            before = previous.get(uri)
            if before is not None and before == resolved and schema is schema_in_use:
                continue
            changed[uri] = schema
        self.finish_refresh(current)
        return changed, to_show

    def editor_settings_key(self) -> str:
        """A text that changes whenever the editor settings do (the workspace index's stamp)."""
        return repr(self._editor_layers)

    def start_refresh(self) -> dict[str, Resolved]:
        """Drop every cached resolution (returning them, to compare) before re-resolving."""
        previous, self._resolved = self._resolved, {}
        return previous

    def finish_refresh(self, problems: set[str]) -> None:
        """The problems still present after a refresh: fixed ones are forgotten, so they are
        shown again if they come back."""
        self._shown = problems

    def unshown(self, problems: tuple[ConfigProblem, ...]) -> list[str]:
        """Texts of problems not shown yet, now marked shown: each is shown once until fixed."""
        new = []
        for problem in problems:
            text = problem_text(problem)
            if text not in self._shown:
                self._shown.add(text)
                new.append(text)
        return new

    def uses_file(self, path: str) -> bool:
        """Does a change to this file matter: a configuration file, or a template in use?"""
        if Path(path).name in CONFIG_FILES:
            return True
        resolved_path = str(Path(path).resolve())
        return any(r.settings.template == resolved_path for r in self._resolved.values())
