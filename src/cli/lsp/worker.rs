//! The diagnostics thread: checks documents off the main loop, so that
//! completion and hover never wait for a check, and publishes the results.
//!
//! Jobs queue up while a check runs; the thread then takes every queued job
//! at once and keeps only the newest text of each document, so superseded
//! versions are never checked. Each document has a [`StatementCache`]: after
//! an edit only the statements whose text changed are checked again.

use std::collections::HashMap;
use std::sync::Arc;
use std::thread::JoinHandle;

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Notification};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;

use super::convert::{self, Doc};
use super::workspace::Setup;
use pcql::ide::StatementCache;

/// What the thread is asked to do.
pub enum Job {
    /// Check this version of a document and publish its diagnostics.
    Check {
        /// The document.
        uri: lsp::Uri,
        /// Its version.
        version: Option<i32>,
        /// Its text.
        text: Arc<str>,
        /// Its configuration.
        setup: Arc<Setup>,
    },
    /// The document was closed: clear its diagnostics, drop its cache.
    Forget(lsp::Uri),
}

impl Job {
    fn uri(&self) -> &lsp::Uri {
        match self {
            Job::Check { uri, .. } | Job::Forget(uri) => uri,
        }
    }
}

/// The running thread and the way to it.
pub struct Worker {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Start the thread; it publishes through `out`, with links to code
    /// explanations under `docs_base`.
    pub fn start(out: Sender<Message>, docs_base: String) -> Worker {
        let (tx, rx) = crossbeam_channel::unbounded();
        let thread = std::thread::Builder::new()
            .name("pcql-diagnostics".into())
            .spawn(move || run(&rx, &out, &docs_base))
            .ok();
        Worker {
            jobs: Some(tx),
            thread,
        }
    }

    /// Queue a job.
    pub fn send(&self, job: Job) {
        if let Some(tx) = &self.jobs {
            let _ = tx.send(job);
        }
    }

    /// Stop after the queued jobs, and wait for the thread.
    pub fn stop(&mut self) {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(rx: &Receiver<Job>, out: &Sender<Message>, docs_base: &str) {
    // By the URI's text: `lsp::Uri` caches parts of itself in cells.
    let mut caches: HashMap<String, (u64, StatementCache)> = HashMap::new();
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        jobs.extend(rx.try_iter());
        // The newest job of each document, in the order documents came.
        let mut newest: Vec<Job> = Vec::new();
        for job in jobs {
            match newest.iter().position(|j| j.uri() == job.uri()) {
                Some(i) => newest[i] = job,
                None => newest.push(job),
            }
        }
        for job in newest {
            let (uri, version, diags) = match job {
                Job::Forget(uri) => {
                    caches.remove(uri.as_str());
                    (uri, None, Vec::new())
                }
                Job::Check {
                    uri,
                    version,
                    text,
                    setup,
                } => {
                    let entry = caches
                        .entry(uri.as_str().to_string())
                        .or_insert_with(|| (setup.id, StatementCache::new()));
                    if entry.0 != setup.id {
                        *entry = (setup.id, StatementCache::new());
                    }
                    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        entry.1.check(&setup.checker, &text)
                    }));
                    let Ok(found) = checked else {
                        entry.1.clear();
                        continue;
                    };
                    let doc = Doc::new(&text);
                    let diags = found
                        .iter()
                        .map(|d| convert::diagnostic(&doc, &uri, docs_base, d))
                        .collect();
                    (uri, version, diags)
                }
            };
            let params = lsp::PublishDiagnosticsParams {
                uri,
                diagnostics: diags,
                version,
            };
            let n = Notification::new(
                lsp::notification::PublishDiagnostics::METHOD.to_string(),
                params,
            );
            if out.send(Message::Notification(n)).is_err() {
                return;
            }
        }
    }
}
