//! The pipeline of `pcql check`: read, check, print, in bounded memory.
//!
//! One reader thread cuts every input into units (a query file into
//! [`Chunks`], a request body or a file to fix whole), worker threads check
//! and render the units, and the calling thread prints them in input order as
//! they are done. The reader waits for a permit before it reads a unit and the
//! printer returns the permit once the unit is printed, so at most
//! [`IN_FLIGHT_PER_WORKER`] units per worker are in memory at any moment:
//! memory does not grow with the size of a file, and output starts before the
//! last query is read.
//!
//! Inputs small enough to be one unit each (a query file or two, as an
//! editor or a pre-commit hook checks them) are read, checked and printed on
//! the calling thread, by the same functions, without starting a thread:
//! starting and waking threads would cost more than the check.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Cursor, Read, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

use super::CliError;
use super::check::{Options, fixed_line};
use super::inputs::{self, Input, Kind};
use super::output::{self, Emitter, Tally};
use pcql::check::{Checker, FixMode, SourceKind};
use pcql::diagnostic::Code;
use pcql::diagnostic::render::{FileDiagnostics, Origin, Style};
use pcql::syntax::Chunks;

/// Units read ahead of printing, per worker.
pub const IN_FLIGHT_PER_WORKER: usize = 2;

/// How much of a query file one unit holds (it is cut at the next statement end).
pub const UNIT_BYTES: usize = pcql::syntax::chunks::CHUNK_BYTES;

/// A piece of work: all or part of one input.
struct Unit {
    seq: usize,
    input: usize,
    kind: Kind,
    text: Result<Text, CliError>,
    /// The codes of the file's `-- pcql: allow-file` comments (read from its first piece).
    allow_file: Arc<[Code]>,
}

/// The text of a unit, where it starts, and the lines around it.
#[derive(Default)]
struct Text {
    text: String,
    origin: Origin,
    before: String,
    after: String,
}

/// A unit checked and rendered.
#[derive(Default)]
struct Done {
    seq: usize,
    input: usize,
    pieces: Vec<String>,
    tally: Tally,
    fixed: Vec<Code>,
    fixed_text: Option<String>,
    failure: Option<CliError>,
    /// The failure was in reading the input.
    unread: bool,
}

/// Check `list` and print the results. Returns the findings, how many
/// inputs were read, and whether any could not be read or written.
pub(super) fn run(
    checkers: &[Checker],
    list: &[Input],
    opts: &Options,
) -> Result<(Tally, usize, bool), CliError> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let small = small(list);
    // Inline, every unit is read before any is printed: one permit per input
    // (each is one unit, or one failure to read it) and one to spare.
    let permits = match small {
        true => list.len() + 1,
        false => workers * IN_FLIGHT_PER_WORKER,
    };
    let (permit_tx, permit_rx) = mpsc::sync_channel(permits);
    for _ in 0..permits {
        // The channel has room for exactly these.
        let _ = permit_tx.send(());
    }
    let (unit_tx, unit_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    let units = Mutex::new(unit_rx);
    let style = opts.color.style(opts.to_stdout);
    if small {
        read(list, opts.fix, permit_rx, unit_tx);
        work(checkers, list, opts, style, &units, done_tx);
        return print(list, opts, permit_tx, done_rx);
    }
    std::thread::scope(|s| {
        s.spawn(|| read(list, opts.fix, permit_rx, unit_tx));
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let units = &units;
            s.spawn(move || work(checkers, list, opts, style, units, done_tx));
        }
        drop(done_tx);
        print(list, opts, permit_tx, done_rx)
    })
}

/// Whether every input is a file of less than [`UNIT_BYTES`] (so one unit),
/// and there are only a few: worth checking on the calling thread.
fn small(list: &[Input]) -> bool {
    let mut total = 0;
    list.len() <= 4
        && list.iter().all(|i| {
            let len = i
                .path
                .as_ref()
                .and_then(|p| std::fs::metadata(p).ok())
                .filter(|m| m.is_file())
                .map(|m| m.len());
            total += len.unwrap_or(u64::MAX / 8);
            len.is_some_and(|n| n < UNIT_BYTES as u64)
        })
        && total < UNIT_BYTES as u64
}

/// The reader: every input, unit by unit, each after a permit.
fn read(list: &[Input], fix: bool, permits: Receiver<()>, units: Sender<Unit>) {
    let mut seq = 0;
    let mut allow_file: Arc<[Code]>;
    let mut send = |input: usize, kind: Kind, text, allow_file: &Arc<[Code]>| {
        let sent = permits.recv().is_ok()
            && units
                .send(Unit {
                    seq,
                    input,
                    kind,
                    text,
                    allow_file: allow_file.clone(),
                })
                .is_ok();
        seq += 1;
        sent
    };
    for (i, input) in list.iter().enumerate() {
        allow_file = Arc::new([]);
        let (kind, mut reader) = match open(input) {
            Ok(opened) => opened,
            Err(e) => match send(i, input.kind, Err(read_error(input, &e)), &allow_file) {
                true => continue,
                false => return,
            },
        };
        if kind == Kind::Body || fix {
            let mut text = String::new();
            let text = match reader.read_to_string(&mut text) {
                Ok(_) => Ok(Text {
                    text,
                    ..Text::default()
                }),
                Err(e) => Err(read_error(input, &e)),
            };
            if !send(i, kind, text, &allow_file) {
                return;
            }
            continue;
        }
        for (n, chunk) in Chunks::with_size(reader, UNIT_BYTES).enumerate() {
            let failed = chunk.is_err();
            if let (0, Ok(c)) = (n, &chunk) {
                allow_file = pcql::syntax::file_directives(&c.text).into();
            }
            let text = chunk
                .map(|c| Text {
                    origin: Origin {
                        offset: c.offset,
                        line: c.line,
                    },
                    text: c.text,
                    before: c.before,
                    after: c.after,
                })
                .map_err(|e| read_error(input, &e));
            if !send(i, kind, text, &allow_file) {
                return;
            }
            if failed {
                break;
            }
        }
    }
}

/// The reader of an input and how to check it. Standard input holding a
/// JSON object is a request body (a query never starts with `{`).
fn open(input: &Input) -> io::Result<(Kind, Box<dyn Read>)> {
    if let Some(path) = &input.path {
        return Ok((input.kind, Box::new(std::fs::File::open(path)?)));
    }
    let mut stdin = io::stdin();
    let mut head = Vec::new();
    let mut buf = [0u8; 8192];
    let first = loop {
        let n = match stdin.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(&buf[..n]);
        let first = head.iter().find(|b| !b.is_ascii_whitespace()).copied();
        if n == 0 || first.is_some() {
            break first;
        }
    };
    let kind = match first {
        Some(b'{') => Kind::Body,
        _ => input.kind,
    };
    Ok((kind, Box::new(Cursor::new(head).chain(stdin))))
}

fn read_error(input: &Input, e: &io::Error) -> CliError {
    match &input.path {
        Some(p) => CliError::new(format!("cannot read `{}`: {e}", p.display())),
        None => CliError::new(format!("cannot read standard input: {e}")),
    }
}

/// A worker: check and render units until there are none.
fn work(
    checkers: &[Checker],
    list: &[Input],
    opts: &Options,
    style: Style,
    units: &Mutex<Receiver<Unit>>,
    done: Sender<Done>,
) {
    loop {
        let unit = match units.lock().unwrap_or_else(|e| e.into_inner()).recv() {
            Ok(unit) => unit,
            Err(_) => return,
        };
        let Some(input) = list.get(unit.input) else {
            return;
        };
        let Some(checker) = checkers.get(input.config) else {
            return;
        };
        // Later pieces of a file do not hold its `allow-file` comments.
        let with_file_levels;
        let checker = match unit.allow_file.is_empty() {
            true => checker,
            false => {
                let mut levels = checker.levels().clone();
                for &c in unit.allow_file.iter() {
                    levels.0.insert(c, pcql::check::Level::Allow);
                }
                with_file_levels = checker.clone().with_levels(levels);
                &with_file_levels
            }
        };
        if done.send(check(checker, input, opts, style, unit)).is_err() {
            return;
        }
    }
}

/// Check one unit (fixing it first with `--fix`) and render its diagnostics.
fn check(checker: &Checker, input: &Input, opts: &Options, style: Style, unit: Unit) -> Done {
    let mut done = Done {
        seq: unit.seq,
        input: unit.input,
        ..Done::default()
    };
    let Text {
        mut text,
        origin,
        before,
        after,
    } = match unit.text {
        Ok(text) => text,
        Err(e) => {
            done.failure = Some(e);
            done.unread = true;
            return done;
        }
    };
    if opts.fix {
        let fixed = checker.fix_as(source_kind(unit.kind), &text, FixMode::Safe);
        let (new, codes) = (fixed.text, fixed.applied);
        if new != text {
            // A fix not written is not reported as made, and the file's own
            // text is what is checked and reported.
            let written = match &input.path {
                Some(p) => inputs::write_atomic(p, &new, &text),
                None => Ok(()),
            };
            match written {
                Ok(()) => {
                    done.fixed = codes;
                    text = new;
                }
                Err(e) => done.failure = Some(e),
            }
        }
        if input.path.is_none() {
            done.fixed_text = Some(text.clone());
        }
    }
    let diagnostics = checker.check_as(source_kind(unit.kind), &text);
    done.tally.add(&diagnostics);
    let name = match opts.format {
        output::Format::Human => input.human_name(),
        _ => input.name(),
    };
    let file = FileDiagnostics {
        file: &name,
        source: &text,
        diagnostics: &diagnostics,
        origin,
    };
    done.pieces = output::render_piece(&file, (&before, &after), opts.format, style);
    done
}

/// The size of the output buffer.
const OUT_BUFFER: usize = 64 * 1024;

/// The printer: units in order as they are done; a permit back for each.
fn print(
    list: &[Input],
    opts: &Options,
    permits: mpsc::SyncSender<()>,
    done: Receiver<Done>,
) -> Result<(Tally, usize, bool), CliError> {
    // Locked once for the whole output, and written in large pieces.
    let out: Box<dyn Write> = match (&opts.output_file, opts.to_stdout) {
        (Some(p), _) => Box::new(BufWriter::with_capacity(
            OUT_BUFFER,
            std::fs::File::create(p)
                .map_err(|e| CliError::new(format!("cannot write `{}`: {e}", p.display())))?,
        )),
        (None, true) => Box::new(BufWriter::with_capacity(OUT_BUFFER, io::stdout().lock())),
        (None, false) => Box::new(BufWriter::with_capacity(OUT_BUFFER, io::stderr().lock())),
    };
    let write_error = |e: io::Error| CliError::new(format!("cannot write output: {e}"));
    // A reader that went away (`pcql check | head`) ends the output quietly.
    let open = |r: io::Result<()>| match r {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(write_error(e)),
    };
    let mut emitter = Emitter::start(opts.format, out).map_err(write_error)?;
    let mut tally = Tally::default();
    let mut unread = vec![false; list.len()];
    let mut failed = false;
    let mut stdin_fixed = None;
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    let mut closed = false;
    'printing: for d in done {
        waiting.insert(d.seq, d);
        while let Some(d) = waiting.remove(&next) {
            next += 1;
            if let Some(e) = &d.failure {
                eprintln!("error: {e}");
                failed = true;
                unread[d.input] |= d.unread;
            }
            if !d.fixed.is_empty() && !opts.quiet {
                let name = list.get(d.input).map(Input::human_name).unwrap_or_default();
                eprintln!("pcql: {}", fixed_line(&d.fixed, &name));
            }
            if d.fixed_text.is_some() {
                stdin_fixed = d.fixed_text;
            }
            tally.add_tally(d.tally);
            if !open(emitter.write(&d.pieces))? {
                closed = true;
                break 'printing;
            }
            // The reader may have stopped; then nobody needs the permit.
            let _ = permits.send(());
        }
    }
    if !closed
        && open(emitter.finish())?
        && let Some(fixed) = stdin_fixed
    {
        let mut stdout = io::stdout().lock();
        open(
            stdout
                .write_all(fixed.as_bytes())
                .and_then(|_| stdout.flush()),
        )?;
    }
    let read = unread.iter().filter(|&&u| !u).count();
    Ok((tally, read, failed))
}

/// The most memory this process has held (Linux), e.g. `12.3 MiB`.
pub fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.1} MiB", kib / 1024.0))
}

/// The library's name for what a text holds.
fn source_kind(kind: Kind) -> SourceKind {
    match kind {
        Kind::Queries => SourceKind::Queries,
        Kind::Body => SourceKind::Body,
    }
}
