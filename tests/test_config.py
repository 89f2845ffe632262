"""Configuration: discovery, precedence, every option, and each kind of broken configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pep_lsp.config import (
    EDITOR_SOURCE,
    ConfigError,
    ConfigProblem,
    editor_layer,
    find_config_file,
    load_config_file,
    resolve,
    with_usable_template,
)
from pep_lsp.engine.check import Settings, check
from pep_lsp.findings import Severity
from pep_lsp.template import StatusValue
from tests.conftest import FIXTURES, fixture_text

RFC_TEMPLATE = FIXTURES / "rfc-template.md"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- discovery and precedence -----------------------------------------------------------


def test_nearest_file_wins_walking_up(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.pep-lsp]\ntitle-max-length = 60\n")
    write(tmp_path / "peps" / "pep-lsp.toml", "title-max-length = 70\n")
    write(
        tmp_path / "peps" / "drafts" / "pyproject.toml",
        "[project]\nname = 'no-pep-lsp-table-here'\n",
    )
    document = tmp_path / "peps" / "drafts" / "a.md"
    assert find_config_file(document) == tmp_path / "peps" / "pep-lsp.toml"
    assert find_config_file(tmp_path / "other.md") == tmp_path / "pyproject.toml"
    assert resolve(document).settings.options == {"title-max-length": 70}
    assert resolve(tmp_path / "x.md").settings.options == {"title-max-length": 60}


def test_pep_lsp_toml_beats_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.pep-lsp]\ntitle-max-length = 60\n")
    write(tmp_path / "pep-lsp.toml", "title-max-length = 70\n")
    assert find_config_file(tmp_path / "a.md") == tmp_path / "pep-lsp.toml"


def test_no_file_means_defaults(tmp_path: Path) -> None:
    resolved = resolve(tmp_path / "a.md")
    assert (resolved.config_file, resolved.problems, resolved.settings.template) == (None, (), None)


def test_editor_settings_override_the_file_option_by_option(tmp_path: Path) -> None:
    write(
        tmp_path / "pep-lsp.toml",
        "title-max-length = 70\nabstract-max-words = 100\nselect = ['H']\n[rules]\nH205 = 'warning'\nH206 = 'off'\n",
    )
    editor = editor_layer(
        {"titleMaxLength": 40, "rules": {"H206": "error"}, "template": "", "ignore": []}, tmp_path
    )
    assert editor is not None
    settings = resolve(tmp_path / "a.md", [editor]).settings
    assert settings.options == {"title-max-length": 40, "abstract-max-words": 100}
    assert settings.severities == {"H205": Severity.WARNING, "H206": Severity.ERROR}
    assert settings.select == ("H",)


def test_overrides_beat_editor_and_file(tmp_path: Path) -> None:
    from pep_lsp.config import parse_options

    write(tmp_path / "pep-lsp.toml", "select = ['H']\n")
    editor = editor_layer({"pepLsp": {"select": ["S"]}}, tmp_path)
    flags = parse_options({"select": ["L1"]}, "command line", tmp_path, None)
    assert resolve(
        tmp_path / "a.md", [editor] if editor else [], overrides=flags
    ).settings.select == ("L1",)


def test_editor_only_keys_and_empty_values_are_not_options(tmp_path: Path) -> None:
    assert (
        editor_layer(
            {"server": {"path": ""}, "trace": {"server": "off"}, "template": "", "rules": {}},
            tmp_path,
        )
        is None
    )


def test_explicit_config_path_replaces_discovery(tmp_path: Path) -> None:
    write(tmp_path / "pep-lsp.toml", "title-max-length = 70\n")
    other = write(tmp_path / "ci" / "strict.toml", "title-max-length = 30\n")
    assert resolve(tmp_path / "a.md", config_file=other).settings.options == {
        "title-max-length": 30
    }


# --- every option -------------------------------------------------------------------------

TOO_LONG = fixture_text("half-filled.md")  # Title is 69 characters; Type 'Standrad'; two bad dates


def codes(text: str, settings) -> list[str]:
    return [f.code for f in check(text, settings)]


def test_template_relative_to_the_config_file(tmp_path: Path) -> None:
    write(tmp_path / "templates" / "rfc.md", RFC_TEMPLATE.read_text())
    write(tmp_path / "pyproject.toml", "[tool.pep-lsp]\ntemplate = 'templates/rfc.md'\n")
    settings = resolve(tmp_path / "docs" / "a.md").settings
    assert settings.template == str((tmp_path / "templates" / "rfc.md").resolve())
    assert [f.name for f in settings.schema().fields][:2] == ["RFC", "Summary"]


def test_rules_change_severity_or_turn_off(tmp_path: Path) -> None:
    write(tmp_path / "pep-lsp.toml", "[rules]\nH205 = 'hint'\nH206 = 'off'\nh203 = 'info'\n")
    found = [(f.code, f.severity) for f in check(TOO_LONG, resolve(tmp_path / "a.md").settings)]
    assert [(code, severity) for code, severity in found if code.startswith("H2")] == [
        ("H203", Severity.INFORMATION),
        ("H205", Severity.HINT),
    ]  # and no H206


def test_select_and_ignore_take_codes_and_prefixes(tmp_path: Path) -> None:
    write(tmp_path / "pep-lsp.toml", "select = ['H2']\nignore = ['H206']\n")
    assert codes(TOO_LONG, resolve(tmp_path / "a.md").settings) == ["H203", "H205"]


def test_statuses_replace_or_extend_the_vocabulary(tmp_path: Path) -> None:
    text = TOO_LONG.replace("Status: Discussion", "Status: Proposed")
    write(
        tmp_path / "a" / "pep-lsp.toml",
        "extend-statuses = [{ name = 'Proposed', stage = 'review', meaning = 'Sent to the board.' }]\n",
    )
    extended = resolve(tmp_path / "a" / "x.md").settings
    assert extended.schema().field("Status").choices[-1] == "Proposed"
    nonsense = check(TOO_LONG.replace("Status: Discussion", "Status: Nonsense"), extended)
    assert [(f.code, f.subject) for f in nonsense if f.code == "H205"] == [
        ("H205", "Status"),
        ("H205", "Type"),
    ]
    assert [m for m in (f.message for f in check(text, extended)) if m.startswith("Status")] == []
    write(
        tmp_path / "b" / "pep-lsp.toml",
        "statuses = ['Draft', 'Proposed', { name = 'Done', stage = 'final' }]\n",
    )
    replaced = resolve(tmp_path / "b" / "x.md").settings
    assert replaced.statuses == (
        StatusValue("Draft", "draft", "Being written; not yet ready for review."),
        StatusValue("Proposed", "review", ""),
        StatusValue("Done", "final", ""),
    )
    [message] = [
        f.message for f in check(TOO_LONG, replaced) if f.code == "H205" and f.subject == "Status"
    ]
    assert message == "Status 'Discussion' is not one of Draft, Proposed, Done"


def test_a_status_says_what_it_means_with_kind(tmp_path: Path) -> None:
    """Which statuses are rejected, withdrawn or superseded (X108, X109) is data: the bundled
    vocabulary's `kind`, kept by a name taken from it, or given in a table."""
    write(
        tmp_path / "pep-lsp.toml",
        "statuses = ['Rejected', 'Final', { name = 'Replaced', stage = 'review', kind = 'superseded' }]\n",
    )
    statuses = resolve(tmp_path / "x.md").settings.statuses
    assert [(s.name, s.kind) for s in statuses] == [
        ("Rejected", "rejected"),
        ("Final", ""),
        ("Replaced", "superseded"),
    ]


def test_abstract_max_words_and_title_max_length(tmp_path: Path) -> None:
    write(tmp_path / "pep-lsp.toml", "abstract-max-words = 50\ntitle-max-length = 80\n")
    found = check(TOO_LONG, resolve(tmp_path / "a.md").settings)
    assert [(f.code, f.message) for f in found if f.code in ("C101", "H203")] == [
        ("C101", "Abstract has 160 words; keep it to 50 or fewer")
    ]  # and no H203: the title is shorter than 80


def test_include_and_exclude_are_read_relative_to_the_file(tmp_path: Path) -> None:
    write(tmp_path / "pep-lsp.toml", "include = ['peps/*.md']\nexclude = ['peps/drafts/']\n")
    resolved = resolve(tmp_path / "peps" / "a.md")
    assert (resolved.include, resolved.exclude, resolved.root) == (
        ("peps/*.md",),
        ("peps/drafts/",),
        tmp_path.resolve(),
    )


# --- broken configuration: one problem naming file, line and what is wrong -------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "[tool.pep-lsp]\nselect = ['H1'\n",
            2,
            "invalid TOML: Unclosed array at the end of the file",
        ),
        (
            "[tool.pep-lsp]\ntitle-max-length = 1O\n\n",
            2,
            "invalid TOML: Expected newline or end of document after a statement",
        ),
        (
            "[project]\nname = 'x'\n\n[tool.pep-lsp]\nabstract-max-word = 10\n",
            5,
            "unknown option 'abstract-max-word' (did you mean 'abstract-max-words'?)",
        ),
        (
            "[tool.pep-lsp]\ncolour = 'blue'\n",
            2,
            "unknown option 'colour'; the options are template, rules, select, ignore, statuses, extend-statuses, abstract-max-words, title-max-length, include, exclude, spelling-words, url-allow-hosts, url-cache-dir, url-cache-hours, url-timeout, inlay-hints, sections, section-aliases, fields, default-stage",
        ),
        (
            "[tool.pep-lsp.rules]\nH205 = 'off'\nh2o5 = 'off'\n",
            3,
            "unknown rule code 'h2o5' in 'rules' (did you mean 'H205'?)",
        ),
        (
            "[tool.pep-lsp]\nrules = { H205 = 'loud' }\n",
            2,
            "rule H205: 'loud' is not one of off, hint, info, warning, error",
        ),
        (
            "[tool.pep-lsp]\nignore = ['Q1']\n",
            2,
            "unknown rule code or prefix 'Q1' in 'ignore' (see `pep-lsp rules`)",
        ),
        (
            "[tool.pep-lsp]\ntemplate = 'missing.md'\n",
            2,
            "template file 'missing.md' not found (looked for {tmp}/missing.md)",
        ),
        (
            "[tool.pep-lsp]\ntitle-max-length = 0\n",
            2,
            "option 'title-max-length' must be a positive whole number, not 0",
        ),
        (
            "[tool.pep-lsp]\nstatuses = [{ name = 'Done', stage = 'finished' }]\n",
            2,
            "status 'Done': stage 'finished' is not one of draft, review, final",
        ),
        (
            "[tool.pep-lsp]\nstatuses = [{ name = 'Gone', kind = 'lost' }]\n",
            2,
            "status 'Gone': kind 'lost' is not one of rejected, withdrawn, superseded",
        ),
    ],
)
def test_a_broken_file_is_one_problem_and_the_defaults_apply(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    write(tmp_path / "flat.md", "```\nA: b\n```\n\nNo sections.\n")
    config = write(tmp_path / "pyproject.toml", text)
    resolved = resolve(tmp_path / "a.md")
    expected = message.replace("{tmp}", str(tmp_path.resolve()))
    assert resolved.problems == (ConfigProblem(str(config.resolve()), line, expected),)
    assert resolved.settings == Settings()


def test_unknown_rule_code_suggestion_when_far_from_any(tmp_path: Path) -> None:
    write(tmp_path / "pep-lsp.toml", "[rules]\nZZ1 = 'off'\n")
    [problem] = resolve(tmp_path / "a.md").problems
    assert (
        str(problem)
        == f"{(tmp_path / 'pep-lsp.toml').resolve()}:2: unknown rule code 'ZZ1' in 'rules' (see `pep-lsp rules`)"
    )


def test_neovims_empty_table_is_no_settings_not_an_error(tmp_path: Path) -> None:
    """Neovim sends `settings = { pepLsp = {} }` as `{"pepLsp": []}`: an empty Lua table is a JSON array."""
    assert editor_layer([], tmp_path) is None
    assert editor_layer((), tmp_path) is None
    assert editor_layer({"pepLsp": []}, tmp_path) is None
    with pytest.raises(ConfigError):
        editor_layer(["L102"], tmp_path)


def test_broken_editor_settings_are_a_problem_without_a_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        editor_layer({"abstractMaxWord": 3}, tmp_path)
    assert raised.value.problem == ConfigProblem(
        EDITOR_SOURCE, None, "unknown option 'abstractMaxWord' (did you mean 'abstract-max-words'?)"
    )


def test_an_unusable_template_is_one_problem_and_no_rule_runs(tmp_path: Path) -> None:
    """Issue 14: no fallback to the bundled PEP template's rules on another process's documents."""
    write(tmp_path / "flat.md", "```\nA: b\n```\n\nNo sections.\n")
    config = write(tmp_path / "pyproject.toml", "[tool.pep-lsp]\ntemplate = 'flat.md'\n")
    resolved = resolve(tmp_path / "a.md")
    assert resolved.problems == (
        ConfigProblem(
            str(config.resolve()),
            2,
            "template 'flat.md' cannot be used: no '##' sections found",
            "no document is checked until the template is fixed",
            stops_rules=True,
        ),
    )
    assert resolved.settings == Settings(ignore=("",))
    assert check("# PEP 1: Faster caching\n\nNo header, no sections.\n", resolved.settings) == []


def test_a_template_broken_after_it_was_read_stops_the_rules(tmp_path: Path) -> None:
    template = write(tmp_path / "rfc.md", RFC_TEMPLATE.read_text())
    write(tmp_path / "pep-lsp.toml", "template = 'rfc.md'\n")
    assert with_usable_template(resolve(tmp_path / "a.md")).problems == ()
    template.write_text("# Not a template any more\n")
    os.utime(template, ns=(template.stat().st_mtime_ns + 10**9,) * 2)
    resolved = with_usable_template(resolve(tmp_path / "a.md"))
    assert resolved.settings.template is None
    assert resolved.settings.ignore == ("",)
    assert resolved.problems == (
        ConfigProblem(
            str(template.resolve()),
            None,
            "template cannot be used: no '##' sections found",
            "no document is checked until the template is fixed",
            stops_rules=True,
        ),
    )


def test_a_config_file_edit_is_read_again(tmp_path: Path) -> None:
    config = write(tmp_path / "pep-lsp.toml", "title-max-length = 70\n")
    assert load_config_file(config).values == {"title-max-length": 70}
    config.write_text("title-max-length = 20\n")
    os.utime(config, ns=(config.stat().st_mtime_ns + 10**9,) * 2)
    assert load_config_file(config).values == {"title-max-length": 20}


def test_every_mistake_of_one_source_is_a_problem(tmp_path: Path) -> None:
    """Issue 12 item 6: four mistakes are four problems, each at its line, not only the first."""
    (tmp_path / "pep-lsp.toml").write_text(
        "selct = ['H']\nabstract-max-words = -1\n[rules]\nH205 = 'loud'\nZ1 = 'off'\n"
    )
    resolved = resolve(tmp_path / "pep.md")
    assert [(p.line, p.message) for p in resolved.problems] == [
        (1, "unknown option 'selct' (did you mean 'select'?)"),
        (2, "option 'abstract-max-words' must be a positive whole number, not -1"),
        (4, "rule H205: 'loud' is not one of off, hint, info, warning, error"),
        (5, "unknown rule code 'Z1' in 'rules' (see `pep-lsp rules`)"),
    ]


def test_every_mistake_of_the_editor_settings_is_a_problem(tmp_path: Path) -> None:
    from pep_lsp.lsp.settings import SettingsStore

    store = SettingsStore()
    store.set_editor_settings(1, {"abstractMaxWord": 3, "select": ["Q9"]}, str(tmp_path))
    assert [p.message for p in store.editor_problems] == [
        "unknown option 'abstractMaxWord' (did you mean 'abstract-max-words'?)",
        "unknown rule code or prefix 'Q9' in 'select' (see `pep-lsp rules`)",
    ]


def test_inlay_hints_option_is_a_boolean(tmp_path: Path) -> None:
    from pep_lsp.config import ConfigError, parse_options, resolve

    (tmp_path / "pep-lsp.toml").write_text("inlay-hints = true\n", encoding="utf-8")
    assert resolve(tmp_path / "a.md").settings.options == {"inlay-hints": True}
    assert resolve(None).settings.options == {}
    with pytest.raises(ConfigError) as error:
        parse_options({"inlayHints": "yes"}, "editor", tmp_path, None)
    assert error.value.problem.message == "option 'inlayHints' must be true or false, not 'yes'"


def test_template_tables_are_read_and_checked(tmp_path: Path) -> None:
    """Issue 14: section priorities, aliases and fields the template does not say."""
    write(
        tmp_path / "pep-lsp.toml",
        "default-stage = 'final'\n"
        "sections = { 'Security Considerations' = 'Essential', Motivation = 'not-required' }\n"
        "section-aliases = { 'Detailed design' = 'Specification' }\n"
        "fields = { eip = 'number', category = 'conditional', "
        "deadline = { kind = 'date', presence = 'optional' } }\n",
    )
    settings = resolve(tmp_path / "a.md").settings
    assert settings.options == {"default-stage": "final"}
    assert settings.tables is not None
    assert settings.tables.sections == (
        ("Security Considerations", "essential"),
        ("Motivation", "not-required"),
    )
    assert settings.tables.aliases == (("Detailed design", "Specification"),)
    assert settings.tables.fields == (
        ("eip", "number", ""),
        ("category", "", "conditional"),
        ("deadline", "date", "optional"),
    )
    write(
        tmp_path / "pep-lsp.toml",
        "default-stage = 'done'\nfields = { eip = 'numeral', x = { kind = 'date', when = 1 } }\n"
        "sections = ['Motivation']\n",
    )
    assert [(p.line, p.message) for p in resolve(tmp_path / "a.md").problems] == [
        (1, "option 'default-stage' must be one of draft, review, final, not 'done'"),
        (
            2,
            "field 'eip': 'numeral' is neither a kind (text, number, date, people, version) "
            "nor a presence (required, optional, conditional)",
        ),
        (2, "field 'x': unknown key 'when' (use kind, presence)"),
        (
            3,
            'option \'sections\' must be a table of "Section title" = "priority level" '
            "(a level of the template's priority list, or 'not-required')",
        ),
    ]
