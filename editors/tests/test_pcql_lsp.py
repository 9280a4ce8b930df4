"""`pcql lsp` driven by a third-party client: pytest-lsp (pygls + lsprotocol).

The server binary is `$PCQL_BIN` (run.sh sets it).
"""

import os
import pathlib
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

PCQL = os.environ.get("PCQL_BIN", "pcql")
ROOT = pathlib.Path(__file__).resolve().parent


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[PCQL, "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path):
    caps = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(
                    label_details_support=True,
                    documentation_format=[types.MarkupKind.Markdown],
                )
            ),
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True, code_description_support=True, version_support=True
            ),
        ),
    )
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=caps, root_uri=tmp_path.as_uri())
    )
    lsp_client.tmp = tmp_path
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, name: str, text: str) -> str:
    uri = (client.tmp / name).as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="pcql", version=1, text=text)
        )
    )
    return uri


async def diagnostics_of(client: LanguageClient, uri: str):
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics.pop(uri)


@pytest.mark.asyncio
async def test_diagnostics_with_utf16_ranges(client: LanguageClient):
    text = "-- 𝄞 é\r\nSELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH"
    uri = open_doc(client, "q.pcql", text)
    diags = await diagnostics_of(client, uri)
    d = [d for d in diags if d.code == "PQ2003"]
    assert len(d) == 1, diags
    assert d[0].source == "pcql"
    assert d[0].severity == types.DiagnosticSeverity.Error
    assert d[0].range.start == types.Position(line=1, character=7)
    assert d[0].range.end == types.Position(line=1, character=19)
    assert d[0].code_description.href.endswith("PQ2003.md")


@pytest.mark.asyncio
async def test_incremental_change_clears_the_error(client: LanguageClient):
    uri = open_doc(client, "c.pcql", "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH")
    assert await diagnostics_of(client, uri)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=0, character=15),
                        end=types.Position(line=0, character=19),
                    ),
                    text="Name",
                )
            ],
        )
    )
    assert list(await diagnostics_of(client, uri)) == []


@pytest.mark.asyncio
async def test_completion_and_hover(client: LanguageClient):
    uri = open_doc(client, "h.pcql", "SELECT  FROM CustomersAndTenants TIMESPAN LAST_MONTH")
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=7),
        )
    )
    items = result.items if hasattr(result, "items") else result
    labels = {i.label: i for i in items}
    assert "CustomerName" in labels
    assert labels["CustomerName"].kind == types.CompletionItemKind.Field
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=20),
        )
    )
    assert "date ranges" in hover.contents.value


@pytest.mark.asyncio
async def test_quick_fix(client: LanguageClient):
    uri = open_doc(client, "a.pcql", "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=0, character=8), end=types.Position(line=0, character=8)
            ),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    fixes = [a for a in actions if a.is_preferred]
    assert fixes, actions
    edit = fixes[0].edit.changes[uri][0]
    assert edit.new_text == "CustomerName"
    assert any(a.title.startswith("Allow PQ2003") for a in actions)
