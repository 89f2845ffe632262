"""Configuration through the server: discovery, editor settings, broken configuration (one
showMessage, then the defaults), and a template changed on disk, over stdio."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from pep_lsp.engine.check import Settings, check
from tests.conftest import FIXTURES
from tests.e2e.conftest import WAIT_SECONDS, open_document
from tests.test_report import RFC_DOCUMENT


async def wait_messages(client: LanguageClient, count: int) -> list[str]:
    async def poll() -> list[str]:
        while len(client.messages) < count:
            await asyncio.sleep(0.005)
        return [m.message for m in client.messages]

    return await asyncio.wait_for(poll(), WAIT_SECONDS)


def rfc_project(root: Path) -> Path:
    (root / "templates").mkdir(parents=True)
    shutil.copy(FIXTURES / "rfc-template.md", root / "templates" / "rfc.md")
    (root / "pyproject.toml").write_text(
        "[project]\nname = 'rfcs'\n\n[tool.pep-lsp]\ntemplate = 'templates/rfc.md'\n"
    )
    document = root / "rfc-12.md"
    document.write_text(RFC_DOCUMENT)
    return document


async def test_the_nearest_configuration_picks_the_rfc_template(
    client: LanguageClient, tmp_path: Path
) -> None:
    document = rfc_project(tmp_path)
    open_document(client, document.as_uri(), RFC_DOCUMENT)
    diagnostics = await client.published.wait(document.as_uri(), version=1)  # type: ignore[attr-defined]
    assert [(d.range.start.line, str(d.code), d.message) for d in diagnostics] == [
        (
            7,
            "H205",
            "Area 'Backnd' is not one of Frontend, Backend, Infra; did you mean 'Backend'?",
        ),
        (8, "H206", "Proposed '14-09-2026' is not in the YYYY/MM/DD format: write '2026/09/14'"),
        (12, "S101", "Missing essential section 'Proposal' (it belongs after 'Problem')"),
        (24, "S101", "Missing optional section 'Annexes' (it belongs after 'Open Questions')"),
        (
            26,
            "L102",
            "Placeholder [Question 1] left in 'Open Questions': replace it with real content",
        ),
    ]
    assert client.messages == []


async def test_broken_configuration_shows_one_message_and_uses_the_defaults(
    client: LanguageClient, tmp_path: Path
) -> None:
    document = rfc_project(tmp_path)
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[project]\nname = 'rfcs'\n\n[tool.pep-lsp]\ntemplate = 'templates/rfc.md'\n\n[tool.pep-lsp.rules]\nH205 = 'off'\nX999 = 'off'\n"
    )
    open_document(client, document.as_uri(), RFC_DOCUMENT)
    diagnostics = await client.published.wait(document.as_uri(), version=1)  # type: ignore[attr-defined]
    [message] = await wait_messages(client, 1)
    assert message == (
        f"pep-lsp: {config.resolve()}:9: unknown rule code 'X999' in 'rules' (see `pep-lsp rules`) "
        "(its settings are ignored and the defaults apply)"
    )
    assert client.messages[0].type == types.MessageType.Error
    # The defaults: the PEP template, every rule on.
    assert [(str(d.code), d.message) for d in diagnostics] == [
        (f.code, f.message) for f in check(RFC_DOCUMENT, Settings())
    ]
    other = tmp_path / "rfc-13.md"
    open_document(client, other.as_uri(), RFC_DOCUMENT)
    await client.published.wait(other.as_uri(), version=1)  # type: ignore[attr-defined]
    assert len(client.messages) == 1  # one message per problem, not per document


async def test_a_template_without_sections_is_reported_and_the_pep_template_used(
    client: LanguageClient, tmp_path: Path
) -> None:
    document = rfc_project(tmp_path)
    (tmp_path / "templates" / "rfc.md").write_text(
        "~~~\nRFC: [Number]\n~~~\n\nNo sections at all.\n"
    )
    open_document(client, document.as_uri(), RFC_DOCUMENT)
    await client.published.wait(document.as_uri(), version=1)  # type: ignore[attr-defined]
    [message] = await wait_messages(client, 1)
    assert message == (
        f"pep-lsp: {(tmp_path / 'pyproject.toml').resolve()}:5: template 'templates/rfc.md' cannot be used: "
        "no '##' sections found (its settings are ignored and the defaults apply)"
    )


async def test_editor_settings_override_the_file_and_refresh_on_change(
    client: LanguageClient, tmp_path: Path
) -> None:
    document = rfc_project(tmp_path)
    uri = document.as_uri()
    open_document(client, uri, RFC_DOCUMENT)
    await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    client.set_configuration(
        {"select": ["H205", "L1"], "rules": {"L102": "hint"}}, section="pepLsp"
    )
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    selected = await client.published.wait(uri, count=1)  # type: ignore[attr-defined]
    assert [(str(d.code), int(d.severity or 0)) for d in selected] == [("H205", 1), ("L102", 4)]
    client.set_configuration({"abstractMaxWord": 3}, section="pepLsp")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    [message] = await wait_messages(client, 1)
    assert message == (
        "pep-lsp: editor settings (pepLsp): unknown option 'abstractMaxWord' (did you mean 'abstract-max-words'?) "
        "(its settings are ignored and the defaults apply)"
    )
    back_to_file = await client.published.wait(uri, count=2)  # type: ignore[attr-defined]
    assert len(back_to_file) == 5  # the file's RFC template and nothing else


async def test_a_template_edited_on_disk_is_picked_up(
    client: LanguageClient, tmp_path: Path
) -> None:
    document = rfc_project(tmp_path)
    uri = document.as_uri()
    template = tmp_path / "templates" / "rfc.md"
    open_document(client, uri, RFC_DOCUMENT)
    before = await client.published.wait(uri, version=1)  # type: ignore[attr-defined]
    assert "Area 'Backnd' is not one of Frontend, Backend, Infra; did you mean 'Backend'?" in [
        d.message for d in before
    ]
    template.write_text(
        template.read_text().replace("[Frontend | Backend | Infra]", "[Frontend | Backnd | Infra]")
    )
    os.utime(template, ns=(template.stat().st_mtime_ns + 10**9,) * 2)
    if client.registrations:  # type: ignore[attr-defined]  # VS Code: the server asked to watch files
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=template.as_uri(), type=types.FileChangeType.Changed)]
            )
        )
    else:  # Neovim profile: no dynamic registration, so saving a document re-checks
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
    # Eventually consistent: a publish racing the write (the template read half-written, or the
    # initial configuration pull landing in between) may come first; the state the edited
    # template gives must follow. The wait is bounded (a liveness limit, not a timing).
    seen = 1
    while True:
        after = await client.published.wait(uri, count=seen)  # type: ignore[attr-defined]
        seen += 1
        if after and not [d for d in after if d.code == "H205"]:
            break
    assert len(after) == len(before) - 1


async def test_file_watchers_are_registered_when_the_client_can(client: LanguageClient) -> None:
    async def registered() -> list[types.Registration]:
        while (
            not client.registrations
            and client.capabilities.workspace.did_change_watched_files.dynamic_registration
        ):  # type: ignore[attr-defined,union-attr]
            await asyncio.sleep(0.005)
        return client.registrations  # type: ignore[attr-defined]

    registrations = await asyncio.wait_for(registered(), WAIT_SECONDS)
    if client.capabilities.workspace.did_change_watched_files.dynamic_registration:  # type: ignore[union-attr]
        [registration] = registrations
        assert registration.method == "workspace/didChangeWatchedFiles"
        watchers = registration.register_options["watchers"]  # received as plain JSON
        assert [w["globPattern"] for w in watchers] == [
            "**/pyproject.toml",
            "**/pep-lsp.toml",
            "**/*.md",
        ]
    else:
        assert registrations == []
