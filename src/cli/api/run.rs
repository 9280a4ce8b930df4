//! Each `pcql api` subcommand: one client call, then its output.

use std::io::{IsTerminal, Read, Write};
use std::time::Duration;

use serde::Serialize;

use super::args::{
    ApiArgs, ApiCommand, DownloadArgs, ExecutionsArgs, Output, QueriesCommand, QueryText,
    ReportsCommand, Schedule, WaitArgs,
};
use super::{Failure, show};
use crate::cli::config::Config;
use pcql::ast::Query;
use pcql::check::Checked;
use pcql::client::{
    CallbackMethod, Client, CreateQuery, CreateReport, ExecutionFilter, Executions, Format,
    QueryFilter, ReportFilter, ReportSettingsBody, TryTarget, TryWindow, UpdateReport, WaitOptions,
};
use pcql::diagnostic::render::{Style, human};

/// Run one subcommand.
pub(crate) async fn dispatch(args: ApiArgs, config: &Config, verbose: bool) -> Result<(), Failure> {
    let family = args.conn.family(config).map_err(Failure::Usage)?;
    let catalog = super::catalog(&args.conn, config, verbose).map_err(Failure::Usage)?;
    let offline = pcql::check::Checker::new(catalog.clone()).with_family(Some(family));
    let c = match super::client(&args.conn, family, Some(catalog)) {
        Ok(c) => c,
        // No client (no credentials, a bad URL): a query given to check and
        // send is still checked offline first, so its mistakes are what the
        // user hears about, not the missing credentials.
        Err(e) => {
            if let Some(text) = query_to_check(&args.command) {
                let (q, file) = read_text(text)?;
                if let Err(refused) = offline.check_query(&q) {
                    return Err(Failure::Client(refused.into(), file));
                }
            }
            return Err(Failure::Usage(e));
        }
    };
    let out = args.format;
    match args.command {
        ApiCommand::Datasets { name } => {
            let l = c.datasets(name.as_deref()).await?;
            emit(out, &l.items, || show::datasets(&l.items));
        }
        ApiCommand::Queries(q) => queries(&c, q, out).await?,
        ApiCommand::Reports(r) => reports(&c, r, out).await?,
        ApiCommand::Executions(e) => executions(&c, e, out).await?,
        ApiCommand::Download(d) => download(&c, d, out).await?,
        ApiCommand::Wait(w) => wait(&c, w, out).await?,
    }
    Ok(())
}

/// Print `value` as JSON, or `human()` for people.
fn emit<T: Serialize + ?Sized>(out: Output, value: &T, human: impl FnOnce() -> String) {
    let text = match out {
        Output::Json => serde_json::to_string_pretty(value).unwrap_or_default() + "\n",
        Output::Human => human(),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// The query text and the name to show in diagnostics.
/// The query text a command checks before it sends it, if any.
fn query_to_check(cmd: &ApiCommand) -> Option<&QueryText> {
    match cmd {
        ApiCommand::Queries(QueriesCommand::Create { text, .. }) if !text.no_check => Some(text),
        ApiCommand::Queries(QueriesCommand::Try { text, id: None, .. }) if !text.no_check => {
            Some(text)
        }
        _ => None,
    }
}

fn read_text(t: &QueryText) -> Result<(String, String), Failure> {
    match (&t.query, &t.file) {
        (Some(q), None) => Ok((q.clone(), "<query>".into())),
        (None, Some(p)) if p.as_os_str() == "-" => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Failure::Usage(format!("stdin: {e}")))?;
            Ok((s, "<stdin>".into()))
        }
        (None, Some(p)) => std::fs::read_to_string(p)
            .map(|s| (s, p.display().to_string()))
            .map_err(|e| Failure::Usage(format!("{}: {e}", p.display()))),
        _ => Err(Failure::Usage(
            "give the query as an argument or with --file".into(),
        )),
    }
}

/// Check `text` before sending; print the warnings and advice on stderr.
fn checked(c: &Client, text: &str, file: &str, out: Output) -> Result<Checked<Query>, Failure> {
    let q = c.check_text(text).map_err(named(file.to_string()))?;
    if out == Output::Human && !q.diagnostics().is_empty() {
        let style = if std::io::stderr().is_terminal() {
            Style::Color
        } else {
            Style::Plain
        };
        eprint!("{}", human(q.diagnostics(), file, text, style));
    }
    Ok(q)
}

fn named(name: String) -> impl FnOnce(pcql::client::Error) -> Failure {
    move |e| Failure::Client(e, name)
}

async fn queries(c: &Client, cmd: QueriesCommand, out: Output) -> Result<(), Failure> {
    match cmd {
        QueriesCommand::Create {
            name,
            description,
            text,
        } => {
            let (q, file) = read_text(&text)?;
            let made = if text.no_check {
                let body = CreateQuery {
                    name,
                    description,
                    query: q.trim().to_string(),
                };
                c.unchecked_create_query(&body).await?
            } else {
                let checked = checked(c, &q, &file, out)?;
                c.create_query(&name, description.as_deref(), &checked)
                    .await?
            };
            emit(out, &made, || {
                format!("created query\n{}", show::query(&made))
            });
        }
        QueriesCommand::List {
            id,
            name,
            only_system,
            no_system,
        } => {
            let f = QueryFilter {
                query_id: id,
                query_name: name,
                include_system_queries: no_system.then_some(false),
                include_only_system_queries: only_system.then_some(true),
            };
            let l = c.queries(&f).await?;
            emit(out, &l.items, || l.items.iter().map(show::query).collect());
        }
        QueriesCommand::Delete { id } => {
            let d = c.delete_query(&id).await?;
            emit(out, &d, || format!("deleted query {id}\n"));
        }
        QueriesCommand::Try {
            text,
            id,
            start_time,
            end_time,
        } => {
            let window = TryWindow {
                start_time,
                end_time,
            };
            let r = match id {
                Some(id) => {
                    c.unchecked_try_query(&TryTarget::QueryId(id), &window)
                        .await?
                }
                None => {
                    let (q, file) = read_text(&text)?;
                    if text.no_check {
                        c.unchecked_try_query(&TryTarget::Text(q.trim().to_string()), &window)
                            .await?
                    } else {
                        let checked = checked(c, &q, &file, out)?;
                        c.try_query(&checked, &window).await?
                    }
                }
            };
            emit(out, &r, || show::rows(&r));
        }
    }
    Ok(())
}

fn format_of(s: &Option<String>) -> Option<Format> {
    s.as_deref().map(|f| {
        if f.eq_ignore_ascii_case("tsv") {
            Format::Tsv
        } else {
            Format::Csv
        }
    })
}

fn method_of(s: &Option<String>) -> Option<CallbackMethod> {
    s.as_deref().map(|m| {
        if m.eq_ignore_ascii_case("get") {
            CallbackMethod::Get
        } else {
            CallbackMethod::Post
        }
    })
}

fn create_body(
    name: String,
    query_id: String,
    now: bool,
    window: (Option<String>, Option<String>),
    s: Schedule,
) -> CreateReport {
    let settings = settings_of(&s);
    CreateReport {
        report_name: name,
        description: s.description,
        query_id,
        start_time: s.start_time,
        execute_now: now.then_some(true),
        query_start_time: window.0,
        query_end_time: window.1,
        settings,
    }
}

fn settings_of(s: &Schedule) -> ReportSettingsBody {
    ReportSettingsBody {
        recurrence_interval: s.interval,
        recurrence_count: s.count,
        format: format_of(&s.file_format),
        callback_url: s.callback_url.clone(),
        callback_method: method_of(&s.callback_method),
    }
}

async fn reports(c: &Client, cmd: ReportsCommand, out: Output) -> Result<(), Failure> {
    let one = |r: Option<pcql::client::Report>, what: &str| {
        let text = r.as_ref().map(show::report).unwrap_or_default();
        emit(out, &r, || format!("{what}\n{text}"));
    };
    match cmd {
        ReportsCommand::Create {
            name,
            query_id,
            execute_now,
            query_start_time,
            query_end_time,
            schedule,
            no_check,
        } => {
            let body = create_body(
                name,
                query_id,
                execute_now,
                (query_start_time, query_end_time),
                schedule,
            );
            let r = if no_check {
                c.unchecked_create_report(&body).await?
            } else {
                c.create_report(&body)
                    .await
                    .map_err(named("<report request>".into()))?
            };
            one(Some(r), "created report");
        }
        ReportsCommand::List { id, name, query_id } => {
            let l = c
                .reports(&ReportFilter {
                    report_id: id,
                    report_name: name,
                    query_id,
                })
                .await?;
            emit(out, &l.items, || l.items.iter().map(show::report).collect());
        }
        ReportsCommand::Update {
            id,
            name,
            schedule: s,
        } => {
            let settings = settings_of(&s);
            let start_time = s.start_time.ok_or_else(|| {
                Failure::Usage("the API needs --start-time to update a report".into())
            })?;
            let body = UpdateReport {
                report_name: name,
                description: s.description,
                start_time,
                settings,
            };
            one(c.update_report(&id, &body).await?, "updated report");
        }
        ReportsCommand::Pause { id } => one(c.pause_report(&id).await?, "paused report"),
        ReportsCommand::Resume { id } => one(c.resume_report(&id).await?, "resumed report"),
        ReportsCommand::Delete { id } => one(c.delete_report(&id).await?, "deleted report"),
    }
    Ok(())
}

async fn executions(c: &Client, a: ExecutionsArgs, out: Output) -> Result<(), Failure> {
    let f = ExecutionFilter {
        execution_ids: a.execution_ids,
        statuses: a.statuses,
        latest: a.all.then_some(false),
    };
    match c.executions(&a.report_id, &f).await? {
        Executions::NoneYet(m) => match out {
            Output::Json => println!("[]"),
            Output::Human => println!("no executions yet for this filter: {m}"),
        },
        Executions::Found(v) => {
            if out == Output::Json && a.show_links {
                let links: Vec<serde_json::Value> = v
                    .iter()
                    .map(|e| {
                        let mut j = serde_json::to_value(e).unwrap_or_default();
                        j["reportAccessSecureLink"] = e
                            .report_access_secure_link
                            .as_ref()
                            .map(|l| l.expose().into())
                            .unwrap_or_default();
                        j
                    })
                    .collect();
                emit(out, &links, String::new);
            } else {
                emit(out, &v, || {
                    v.iter().map(|e| show::execution(e, a.show_links)).collect()
                });
            }
        }
    }
    Ok(())
}

async fn download(c: &Client, a: DownloadArgs, out: Output) -> Result<(), Failure> {
    let f = ExecutionFilter {
        execution_ids: a.execution_id.into_iter().collect(),
        statuses: vec!["Completed".into()],
        latest: Some(true),
    };
    let Some(e) = c.executions(&a.report_id, &f).await?.into_vec().pop() else {
        return Err(Failure::Usage(format!(
            "report {} has no completed execution yet",
            a.report_id
        )));
    };
    let d = c.download(&e, &a.out, a.overwrite).await?;
    emit(
        out,
        &serde_json::json!({"path": d.path, "bytes": d.bytes}),
        || format!("wrote {} ({} bytes)\n", d.path.display(), d.bytes),
    );
    Ok(())
}

async fn wait(c: &Client, a: WaitArgs, out: Output) -> Result<(), Failure> {
    let secs = |s: f64, what: &str| {
        Duration::try_from_secs_f64(s)
            .map_err(|_| Failure::Usage(format!("{what} {s} is not a number of seconds")))
    };
    let opts = WaitOptions {
        timeout: secs(a.max_wait, "--max-wait")?,
        first_poll: secs(a.poll, "--poll")?,
        max_poll: Duration::from_secs(120),
    };
    let tty = std::io::stderr().is_terminal();
    let mut last = None;
    let e = c
        .wait_for_execution(&a.report_id, &opts, |p| {
            let status = p
                .status
                .as_ref()
                .map_or("no execution yet".to_string(), |s| s.to_string());
            if tty {
                eprint!(
                    "\r\x1b[2Kwaiting for report {}: {status} ({} polls, {:.0?})",
                    a.report_id, p.polls, p.elapsed
                );
            } else if last.as_ref() != Some(&status) {
                eprintln!("waiting for report {}: {status}", a.report_id);
            }
            last = Some(status);
        })
        .await;
    if tty {
        eprintln!();
    }
    let e = e?;
    let id = e.execution_id.clone().unwrap_or_default();
    match &a.download {
        Some(path) => {
            let d = c.download(&e, path, a.overwrite).await?;
            emit(
                out,
                &serde_json::json!({"execution": e, "path": d.path, "bytes": d.bytes}),
                || {
                    format!(
                        "execution {id} completed\nwrote {} ({} bytes)\n",
                        d.path.display(),
                        d.bytes
                    )
                },
            );
        }
        None => emit(out, &e, || {
            format!("execution {id} completed\n{}", show::execution(&e, false))
        }),
    }
    Ok(())
}
