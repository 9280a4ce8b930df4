//! The main loop: requests are answered here, in order, from the current
//! text of each document; diagnostics are computed by the worker thread.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use serde_json::Value;

use super::actions;
use super::convert::{self, CODE_DOCS, Doc};
use super::position::{Lines, apply_change};
use super::worker::{Job, Worker};
use super::workspace::{Setup, Setups, stamp, uri_path};
use crate::cli::CliError;
use pcql::check::SourceKind;
use pcql::ide;
use pcql::span::Span;

/// One open document.
struct Document {
    text: String,
    version: i32,
    path: Option<PathBuf>,
    setup: Arc<Setup>,
}

struct Server {
    out: Sender<Message>,
    docs: HashMap<lsp::Uri, Document>,
    setups: Setups,
    worker: Worker,
    docs_base: String,
    cancelled: HashSet<RequestId>,
    shutdown: bool,
}

/// Serve on stdio; the exit code: 0 after `shutdown` then `exit` (or when
/// the client closed stdin), 1 on `exit` without `shutdown`.
pub fn serve() -> Result<i32, CliError> {
    let (connection, io) = Connection::stdio();
    let code = session(&connection);
    drop(connection);
    let _ = io.join();
    code
}

fn session(connection: &Connection) -> Result<i32, CliError> {
    let (id, params) = match connection.initialize_start() {
        Ok(x) => x,
        // The client went away before initializing.
        Err(_) => return Ok(0),
    };
    let params: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let docs_base = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("codeDocsUrl"))
        .and_then(Value::as_str)
        .unwrap_or(CODE_DOCS)
        .to_string();
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "pcql", "version": env!("CARGO_PKG_VERSION") },
    });
    if connection.initialize_finish(id, result).is_err() {
        return Ok(0);
    }
    let mut server = Server {
        out: connection.sender.clone(),
        docs: HashMap::new(),
        setups: Setups::default(),
        worker: Worker::start(connection.sender.clone(), docs_base.clone()),
        docs_base,
        cancelled: HashSet::new(),
        shutdown: false,
    };
    if params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        == Some(true)
    {
        server.watch_files();
    }
    let rx = forward(connection.receiver.clone());
    let code = server.run(&rx);
    server.worker.stop();
    Ok(code)
}

/// Move messages to an unbounded channel, so the main loop can look ahead
/// for `$/cancelRequest` of requests still queued.
fn forward(from: Receiver<Message>) -> Receiver<Message> {
    let (tx, rx) = crossbeam_channel::unbounded();
    let _ = std::thread::Builder::new()
        .name("pcql-lsp-in".into())
        .spawn(move || {
            for m in from {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
    rx
}

fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(
                [" ", ",", "(", "=", "'"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
            ..Default::default()
        }),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::SOURCE_FIX_ALL,
                ]),
                ..Default::default()
            },
        )),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        document_range_formatting_provider: Some(lsp::OneOf::Left(true)),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        semantic_tokens_provider: Some(
            lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: convert::legend(),
                    full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    ..Default::default()
                },
            ),
        ),
        ..Default::default()
    }
}

impl Server {
    fn run(&mut self, rx: &Receiver<Message>) -> i32 {
        let mut queued: std::collections::VecDeque<Message> = Default::default();
        loop {
            queued.extend(rx.try_iter());
            let msg = match queued.pop_front() {
                Some(m) => m,
                None => match rx.recv() {
                    Ok(m) => m,
                    // stdin closed: the client is gone.
                    Err(_) => return 0,
                },
            };
            // Cancellations of requests still queued take effect first.
            queued.retain(|m| match m {
                Message::Notification(n) if n.method == "$/cancelRequest" => {
                    if let Some(id) = cancel_id(&n.params) {
                        self.cancelled.insert(id);
                    }
                    false
                }
                _ => true,
            });
            match msg {
                Message::Request(req) => self.request(req),
                Message::Notification(n) => {
                    if n.method == lsp::notification::Exit::METHOD {
                        return if self.shutdown { 0 } else { 1 };
                    }
                    self.notification(n);
                }
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, m: impl Into<Message>) {
        let _ = self.out.send(m.into());
    }

    fn watch_files(&self) {
        let watchers: Vec<lsp::FileSystemWatcher> =
            ["**/pcql.toml", "**/.pcql/**", "**/schemas/**"]
                .iter()
                .map(|g| lsp::FileSystemWatcher {
                    glob_pattern: lsp::GlobPattern::String(g.to_string()),
                    kind: None,
                })
                .collect();
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "pcql-watch".into(),
                method: lsp::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(
                    lsp::DidChangeWatchedFilesRegistrationOptions { watchers },
                )
                .ok(),
            }],
        };
        self.send(Request::new(
            RequestId::from("pcql-watch".to_string()),
            lsp::request::RegisterCapability::METHOD.into(),
            params,
        ));
    }

    fn check(&self, uri: &lsp::Uri) {
        if let Some(d) = self.docs.get(uri) {
            self.worker.send(Job::Check {
                uri: uri.clone(),
                version: Some(d.version),
                text: Arc::from(d.text.as_str()),
                setup: d.setup.clone(),
            });
        }
    }

    fn setup_for(&mut self, path: Option<&std::path::Path>) -> Arc<Setup> {
        let (setup, fresh) = self.setups.for_path(path);
        if fresh && let Some(e) = &setup.error {
            let params = lsp::ShowMessageParams {
                typ: lsp::MessageType::WARNING,
                message: format!("pcql: {e}; using the bundled schemas"),
            };
            self.send(Notification::new(
                lsp::notification::ShowMessage::METHOD.into(),
                params,
            ));
        }
        setup
    }

    /// Configuration or schemas changed: load them again and re-check every document.
    fn reload(&mut self) {
        self.setups.clear();
        let uris: Vec<lsp::Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            let path = self.docs[&uri].path.clone();
            let setup = self.setup_for(path.as_deref());
            if let Some(d) = self.docs.get_mut(&uri) {
                d.setup = setup;
            }
            self.check(&uri);
        }
    }

    fn notification(&mut self, n: Notification) {
        use lsp::notification::*;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri;
                let path = uri_path(uri.as_str());
                let setup = self.setup_for(path.as_deref());
                self.docs.insert(
                    uri.clone(),
                    Document {
                        text: p.text_document.text,
                        version: p.text_document.version,
                        path,
                        setup,
                    },
                );
                self.check(&uri);
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(d) = self.docs.get_mut(&uri) else {
                    return;
                };
                for c in p.content_changes {
                    apply_change(&mut d.text, c);
                }
                d.version = p.text_document.version;
                self.check(&uri);
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) {
                    self.docs.remove(&p.text_document.uri);
                    self.worker.send(Job::Forget(p.text_document.uri));
                }
            }
            // A client that does not watch files: a save re-reads the
            // configuration when a `pcql.toml` appeared, went or changed.
            DidSaveTextDocument::METHOD => {
                let changed = self.docs.values().any(|d| {
                    let dir = d.path.as_deref().and_then(std::path::Path::parent);
                    dir.is_some_and(|dir| stamp(dir) != d.setup.stamp)
                });
                if changed {
                    self.reload();
                }
            }
            DidChangeWatchedFiles::METHOD | DidChangeConfiguration::METHOD => self.reload(),
            _ => {}
        }
    }

    fn request(&mut self, req: Request) {
        if self.cancelled.remove(&req.id) {
            self.send(Response::new_err(
                req.id,
                ErrorCode::RequestCanceled as i32,
                "cancelled".into(),
            ));
            return;
        }
        if self.shutdown {
            self.send(Response::new_err(
                req.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            ));
            return;
        }
        if req.method == lsp::request::Shutdown::METHOD {
            self.shutdown = true;
            self.send(Response::new_ok(req.id, Value::Null));
            return;
        }
        let id = req.id.clone();
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.answer(req)));
        let response = match answer {
            Ok(Ok(v)) => Response::new_ok(id, v),
            Ok(Err((code, msg))) => Response::new_err(id, code as i32, msg),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "pcql failed on this request".into(),
            ),
        };
        self.send(response);
    }

    fn answer(&self, req: Request) -> Result<Value, (ErrorCode, String)> {
        use lsp::request::*;
        let bad = |e: serde_json::Error| (ErrorCode::InvalidParams, e.to_string());
        match req.method.as_str() {
            Completion::METHOD => {
                let p: lsp::CompletionParams = serde_json::from_value(req.params).map_err(bad)?;
                let pos = p.text_document_position;
                let (doc, d) = self.doc(&pos.text_document.uri)?;
                let view = Doc::new(&doc.text);
                let items = if SourceKind::detect(&doc.text) == SourceKind::Body {
                    Vec::new()
                } else {
                    let offset = view.lines.offset(pos.position);
                    ide::completions(&doc.text, offset, d.checker.catalog(), d.family)
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| convert::completion(&view, i, c))
                        .collect()
                };
                Ok(json(&lsp::CompletionResponse::List(lsp::CompletionList {
                    is_incomplete: false,
                    items,
                })))
            }
            HoverRequest::METHOD => {
                let p: lsp::HoverParams = serde_json::from_value(req.params).map_err(bad)?;
                let pos = p.text_document_position_params;
                let (doc, d) = self.doc(&pos.text_document.uri)?;
                let lines = Lines::new(&doc.text);
                let offset = lines.offset(pos.position);
                let body = SourceKind::detect(&doc.text) == SourceKind::Body;
                let name = (!body)
                    .then(|| ide::hover(&doc.text, offset, d.checker.catalog(), d.family))
                    .flatten();
                let near = actions::diagnostics_near(&d.checker, &doc.text, Span::empty(offset));
                let diag = ide::diagnostic_hover(&near, offset);
                let (markdown, span) = match (name, diag) {
                    (None, None) => return Ok(Value::Null),
                    (Some(h), None) | (None, Some(h)) => (h.markdown, h.span),
                    (Some(a), Some(b)) => {
                        (format!("{}\n\n---\n\n{}", a.markdown, b.markdown), a.span)
                    }
                };
                Ok(json(&lsp::Hover {
                    contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range: Some(lines.range(span)),
                }))
            }
            CodeActionRequest::METHOD => {
                let p: lsp::CodeActionParams = serde_json::from_value(req.params).map_err(bad)?;
                let uri = p.text_document.uri;
                let (doc, d) = self.doc(&uri)?;
                let view = Doc::new(&doc.text);
                let span = view.lines.span(p.range);
                let acts = actions::code_actions(
                    &d.checker,
                    &view,
                    &uri,
                    &self.docs_base,
                    span,
                    p.context.only.as_deref(),
                );
                let acts: Vec<lsp::CodeActionOrCommand> = acts
                    .into_iter()
                    .map(lsp::CodeActionOrCommand::CodeAction)
                    .collect();
                Ok(json(&acts))
            }
            Formatting::METHOD => {
                let p: lsp::DocumentFormattingParams =
                    serde_json::from_value(req.params).map_err(bad)?;
                let (doc, _) = self.doc(&p.text_document.uri)?;
                let view = Doc::new(&doc.text);
                Ok(json(&actions::format_document(&view)))
            }
            RangeFormatting::METHOD => {
                let p: lsp::DocumentRangeFormattingParams =
                    serde_json::from_value(req.params).map_err(bad)?;
                let (doc, _) = self.doc(&p.text_document.uri)?;
                let view = Doc::new(&doc.text);
                let span = view.lines.span(p.range);
                Ok(json(&actions::format_range(&view, span)))
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp::DocumentSymbolParams =
                    serde_json::from_value(req.params).map_err(bad)?;
                let (doc, _) = self.doc(&p.text_document.uri)?;
                let view = Doc::new(&doc.text);
                let syms: Vec<lsp::DocumentSymbol> =
                    if SourceKind::detect(&doc.text) == SourceKind::Body {
                        Vec::new()
                    } else {
                        ide::symbols(&doc.text)
                            .into_iter()
                            .map(|s| convert::symbol(&view, s))
                            .collect()
                    };
                Ok(json(&lsp::DocumentSymbolResponse::Nested(syms)))
            }
            SemanticTokensFullRequest::METHOD => {
                let p: lsp::SemanticTokensParams =
                    serde_json::from_value(req.params).map_err(bad)?;
                let (doc, _) = self.doc(&p.text_document.uri)?;
                let view = Doc::new(&doc.text);
                let toks = if SourceKind::detect(&doc.text) == SourceKind::Body {
                    Vec::new()
                } else {
                    ide::semantic_tokens(&doc.text)
                };
                Ok(json(&convert::semantic_tokens(&view, &toks)))
            }
            m => Err((
                ErrorCode::MethodNotFound,
                format!("pcql lsp does not handle {m}"),
            )),
        }
    }

    fn doc(&self, uri: &lsp::Uri) -> Result<(&Document, &Setup), (ErrorCode, String)> {
        let d = self.docs.get(uri).ok_or((
            ErrorCode::InvalidParams,
            format!("{} is not open", uri.as_str()),
        ))?;
        Ok((d, &d.setup))
    }
}

/// The id of a `$/cancelRequest`.
fn cancel_id(params: &Value) -> Option<RequestId> {
    match params.get("id")? {
        Value::Number(n) => n.as_i64().map(|i| RequestId::from(i as i32)),
        Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

/// A response value as JSON.
fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
