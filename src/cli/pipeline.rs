//! The pipeline of `pcql check`: read, check, print, in bounded memory.
//!
//! Every input is cut into units (a query file into [`Chunks`], a request
//! body or a file to fix whole). There are as many workers as cores, the
//! calling thread among them, and no other thread: each worker takes the
//! next unit from the shared [`Reader`], checks and renders it, and hands it
//! to the shared [`Printer`], which prints every unit that is next in input
//! order. A worker waits before reading only when the units read but not yet
//! printed reach [`IN_FLIGHT_PER_WORKER`] per worker (a unit far slower than
//! the ones after it), so memory does not grow with the size of a file and
//! output starts before the last query is read; otherwise no thread ever
//! waits for another but to take a lock for a moment.
//!
//! Inputs small enough to be one unit each (a query file or two, as an
//! editor or a pre-commit hook checks them) are read, checked and printed on
//! the calling thread, by the same functions, without starting a thread:
//! starting threads would cost more than the check.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Cursor, Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::CliError;
use super::check::{Options, fixed_line};
use super::inputs::{self, Input, Kind};
use super::output::{self, Emitter, Tally};
use pcql::check::{Checker, FixMode, SourceKind};
use pcql::diagnostic::Code;
use pcql::diagnostic::render::{FileDiagnostics, Origin, Style};
use pcql::syntax::Chunks;

/// Units read ahead of printing, per worker: enough that a worker the
/// system stops for a few milliseconds (a shared or virtual machine does)
/// does not stop the others, which go on with the units after its own.
pub const IN_FLIGHT_PER_WORKER: usize = 4;

/// How much of a query file one unit holds (it is cut at the next statement
/// end): large enough that taking a unit costs nothing next to checking it,
/// small enough that the last units of a file keep every core busy.
pub const UNIT_BYTES: usize = 2 * pcql::syntax::chunks::CHUNK_BYTES;

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
    let style = opts.color.style(opts.to_stdout);
    let mut reader = Reader::new(list, opts.fix);
    let mut printer = Printer::start(list, opts)?;
    if workers == 1 || small(list) {
        while let Some(unit) = reader.next() {
            if !printer.take(check_unit(checkers, list, opts, style, unit)) {
                break;
            }
        }
        return printer.finish();
    }
    let shared = Shared {
        reader: Mutex::new(reader),
        printer: Mutex::new(printer),
        printed: AtomicUsize::new(0),
        waiting: AtomicBool::new(false),
        room: Condvar::new(),
        stop: AtomicBool::new(false),
        limit: workers * IN_FLIGHT_PER_WORKER,
    };
    let work = || shared.work(|unit| check_unit(checkers, list, opts, style, unit));
    std::thread::scope(|s| {
        for _ in 1..workers {
            s.spawn(work);
        }
        work();
    });
    shared
        .printer
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .finish()
}

/// What the workers share: the reader, the printer, and how far printing has come.
struct Shared<'a> {
    reader: Mutex<Reader<'a>>,
    printer: Mutex<Printer<'a>>,
    /// The sequence number of the next unit to print.
    printed: AtomicUsize,
    /// A worker waits (on `room`, with `reader` locked) for printing to advance.
    waiting: AtomicBool,
    room: Condvar,
    /// Output ended (a failed write or a closed pipe): read no more.
    stop: AtomicBool,
    /// Most units read and not yet printed.
    limit: usize,
}

/// A lock that a panicking worker left is still good: the state it guards
/// is only ever changed whole.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared<'_> {
    /// One worker: read a unit, `check` it, print what is ready, until
    /// there is nothing left to read or the output has ended.
    fn work(&self, check: impl Fn(Unit) -> Done) {
        loop {
            let unit = {
                let mut reader = lock(&self.reader);
                loop {
                    if self.stop.load(Ordering::SeqCst) {
                        return;
                    }
                    if reader.seq < self.printed.load(Ordering::SeqCst) + self.limit {
                        break;
                    }
                    // Say so before looking again: a printer that advanced
                    // after the look sees the flag and wakes us (it takes
                    // the reader's lock to do so, which we hold until we wait).
                    self.waiting.store(true, Ordering::SeqCst);
                    if reader.seq < self.printed.load(Ordering::SeqCst) + self.limit {
                        break;
                    }
                    reader = self.room.wait(reader).unwrap_or_else(|e| e.into_inner());
                }
                match reader.next() {
                    Some(unit) => unit,
                    None => return,
                }
            };
            let done = check(unit);
            let (open, printed) = {
                let mut printer = lock(&self.printer);
                let open = printer.take(done);
                (open, printer.next)
            };
            // Two workers may get here out of order: the count only grows.
            self.printed.fetch_max(printed, Ordering::SeqCst);
            if !open {
                self.stop.store(true, Ordering::SeqCst);
            }
            if self.waiting.swap(false, Ordering::SeqCst) || !open {
                let _reader = lock(&self.reader);
                self.room.notify_all();
            }
            if !open {
                return;
            }
        }
    }
}

/// Check one unit with its input's checker.
fn check_unit(
    checkers: &[Checker],
    list: &[Input],
    opts: &Options,
    style: Style,
    unit: Unit,
) -> Done {
    let failed = |unit: &Unit| Done {
        seq: unit.seq,
        input: unit.input,
        failure: Some(CliError::new(
            "internal error: an input without its checker",
        )),
        ..Done::default()
    };
    let Some(input) = list.get(unit.input) else {
        return failed(&unit);
    };
    let Some(checker) = checkers.get(input.config) else {
        return failed(&unit);
    };
    // Later pieces of a file do not hold its `allow-file` comments.
    if unit.allow_file.is_empty() {
        return check(checker, input, opts, style, unit);
    }
    let mut levels = checker.levels().clone();
    for &c in unit.allow_file.iter() {
        levels.0.insert(c, pcql::check::Level::Allow);
    }
    let checker = checker.clone().with_levels(levels);
    check(&checker, input, opts, style, unit)
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

/// The units of every input, in order.
struct Reader<'a> {
    list: &'a [Input],
    fix: bool,
    /// The next input to open.
    next_input: usize,
    /// The query file being cut into pieces.
    current: Option<Pieces>,
    /// The current file's `allow-file` codes.
    allow_file: Arc<[Code]>,
    /// The sequence number of the next unit.
    seq: usize,
}

/// A query file being cut into pieces.
struct Pieces {
    input: usize,
    kind: Kind,
    chunks: Chunks<Box<dyn Read + Send>>,
    /// No piece has been read yet.
    first: bool,
}

impl<'a> Reader<'a> {
    fn new(list: &'a [Input], fix: bool) -> Self {
        Reader {
            list,
            fix,
            next_input: 0,
            current: None,
            allow_file: Arc::new([]),
            seq: 0,
        }
    }

    fn unit(&mut self, input: usize, kind: Kind, text: Result<Text, CliError>) -> Unit {
        let seq = self.seq;
        self.seq += 1;
        Unit {
            seq,
            input,
            kind,
            text,
            allow_file: self.allow_file.clone(),
        }
    }

    /// The next unit; after a unit that failed to read, the next input's.
    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some(p) = &mut self.current {
                let (i, kind, first) = (p.input, p.kind, std::mem::take(&mut p.first));
                let Some(chunk) = p.chunks.next() else {
                    self.current = None;
                    continue;
                };
                if chunk.is_err() {
                    self.current = None;
                }
                if let (true, Ok(c)) = (first, &chunk) {
                    self.allow_file = pcql::syntax::file_directives(&c.text).into();
                }
                let input = &self.list[i];
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
                return Some(self.unit(i, kind, text));
            }
            let i = self.next_input;
            let input = self.list.get(i)?;
            self.next_input += 1;
            self.allow_file = Arc::new([]);
            let (kind, mut reader) = match open_input(input) {
                Ok(opened) => opened,
                Err(e) => return Some(self.unit(i, input.kind, Err(read_error(input, &e)))),
            };
            if kind == Kind::Body || self.fix {
                let mut text = String::new();
                let text = match reader.read_to_string(&mut text) {
                    Ok(_) => Ok(Text {
                        text,
                        ..Text::default()
                    }),
                    Err(e) => Err(read_error(input, &e)),
                };
                return Some(self.unit(i, kind, text));
            }
            self.current = Some(Pieces {
                input: i,
                kind,
                chunks: Chunks::with_size(reader, UNIT_BYTES),
                first: true,
            });
        }
    }
}

/// The reader of an input and how to check it. Standard input holding a
/// JSON object is a request body (a query never starts with `{`).
fn open_input(input: &Input) -> io::Result<(Kind, Box<dyn Read + Send>)> {
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

/// Prints units in input order as they are done.
struct Printer<'a> {
    list: &'a [Input],
    quiet: bool,
    emitter: Emitter<Box<dyn Write + Send>>,
    tally: Tally,
    unread: Vec<bool>,
    failed: bool,
    stdin_fixed: Option<String>,
    /// Units done out of order, by sequence number.
    waiting: BTreeMap<usize, Done>,
    /// The sequence number of the next unit to print.
    next: usize,
    /// The reader of the output went away (`pcql check | head`).
    closed: bool,
    /// Writing the output failed.
    error: Option<CliError>,
}

fn write_error(e: io::Error) -> CliError {
    CliError::new(format!("cannot write output: {e}"))
}

impl<'a> Printer<'a> {
    /// Open the output and start the document.
    fn start(list: &'a [Input], opts: &Options) -> Result<Self, CliError> {
        // Written in large pieces.
        let out: Box<dyn Write + Send> = match (&opts.output_file, opts.to_stdout) {
            (Some(p), _) => Box::new(BufWriter::with_capacity(
                OUT_BUFFER,
                std::fs::File::create(p)
                    .map_err(|e| CliError::new(format!("cannot write `{}`: {e}", p.display())))?,
            )),
            (None, true) => Box::new(BufWriter::with_capacity(OUT_BUFFER, io::stdout())),
            (None, false) => Box::new(BufWriter::with_capacity(OUT_BUFFER, io::stderr())),
        };
        let emitter = Emitter::start(opts.format, out).map_err(write_error)?;
        Ok(Printer {
            list,
            quiet: opts.quiet,
            emitter,
            tally: Tally::default(),
            unread: vec![false; list.len()],
            failed: false,
            stdin_fixed: None,
            waiting: BTreeMap::new(),
            next: 0,
            closed: false,
            error: None,
        })
    }

    /// Take a unit that is done and print every unit that is now next.
    /// False once the output has ended (closed, or failed: see `finish`).
    fn take(&mut self, done: Done) -> bool {
        if self.closed || self.error.is_some() {
            return false;
        }
        self.waiting.insert(done.seq, done);
        while let Some(d) = self.waiting.remove(&self.next) {
            self.next += 1;
            if let Err(e) = self.print(d) {
                self.error = Some(e);
                return false;
            }
            if self.closed {
                return false;
            }
        }
        true
    }

    fn print(&mut self, d: Done) -> Result<(), CliError> {
        if let Some(e) = &d.failure {
            eprintln!("error: {e}");
            self.failed = true;
            self.unread[d.input] |= d.unread;
        }
        if !d.fixed.is_empty() && !self.quiet {
            let name = self
                .list
                .get(d.input)
                .map(Input::human_name)
                .unwrap_or_default();
            eprintln!("pcql: {}", fixed_line(&d.fixed, &name));
        }
        if d.fixed_text.is_some() {
            self.stdin_fixed = d.fixed_text;
        }
        self.tally.add_tally(d.tally);
        self.closed = !open(self.emitter.write(&d.pieces))?;
        Ok(())
    }

    /// End the output (and print the fixed standard input). Returns the
    /// findings, how many inputs were read, and whether any could not be read.
    fn finish(self) -> Result<(Tally, usize, bool), CliError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        if !self.closed
            && open(self.emitter.finish())?
            && let Some(fixed) = self.stdin_fixed
        {
            let mut stdout = io::stdout().lock();
            open(
                stdout
                    .write_all(fixed.as_bytes())
                    .and_then(|_| stdout.flush()),
            )?;
        }
        let read = self.unread.iter().filter(|&&u| !u).count();
        Ok((self.tally, read, self.failed))
    }
}

/// Whether the output is still open: a reader that went away (`pcql check |
/// head`) ends the output quietly; any other failure is an error.
fn open(r: io::Result<()>) -> Result<bool, CliError> {
    match r {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(write_error(e)),
    }
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    use super::*;
    use crate::cli::output::{Color, Format};

    /// `n` one-query files and the options to print to `out`.
    fn inputs(dir: &std::path::Path, n: usize) -> (Vec<Input>, Options) {
        let list = (0..n)
            .map(|i| {
                let path = dir.join(format!("{i}.pcql"));
                std::fs::write(
                    &path,
                    format!("SELECT Month FROM OfficeUsage LIMIT {}", i + 1),
                )
                .unwrap();
                Input {
                    path: Some(path),
                    kind: Kind::Queries,
                    config: 0,
                    stdin_name: None,
                }
            })
            .collect();
        let opts = Options {
            format: Format::Github,
            fix: false,
            to_stdout: true,
            quiet: true,
            color: Color::Never,
            output_file: Some(dir.join("out.txt")),
        };
        (list, opts)
    }

    fn shared<'a>(list: &'a [Input], opts: &Options, limit: usize) -> Shared<'a> {
        Shared {
            reader: Mutex::new(Reader::new(list, false)),
            printer: Mutex::new(Printer::start(list, opts).unwrap()),
            printed: AtomicUsize::new(0),
            waiting: AtomicBool::new(false),
            room: Condvar::new(),
            stop: AtomicBool::new(false),
            limit,
        }
    }

    /// A unit far slower than the ones after it: the other workers read no
    /// more than `limit` units ahead of printing and then wait, and the
    /// output keeps input order.
    #[test]
    fn a_slow_unit_holds_the_others_to_the_limit_and_order_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (list, opts) = inputs(dir.path(), 40);
        let limit = 3;
        let shared = shared(&list, &opts, limit);
        let ahead = AtomicUsize::new(0);
        let check = |unit: Unit| {
            let printed = shared.printed.load(Ordering::SeqCst);
            ahead.fetch_max(unit.seq - printed, Ordering::SeqCst);
            if unit.seq == 0 {
                std::thread::sleep(Duration::from_millis(150));
            }
            let text = unit.text.map(|t| t.text).unwrap_or_default();
            Done {
                seq: unit.seq,
                input: unit.input,
                pieces: vec![format!("{} {text}\n", unit.seq)],
                ..Done::default()
            }
        };
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| shared.work(check));
            }
        });
        let printer = shared.printer.into_inner().unwrap();
        assert_eq!(printer.next, 40);
        printer.finish().unwrap();
        let out = std::fs::read_to_string(dir.path().join("out.txt")).unwrap();
        let want: String = (0..40)
            .map(|i| format!("{i} SELECT Month FROM OfficeUsage LIMIT {}\n", i + 1))
            .collect();
        assert_eq!(out, want);
        assert_eq!(ahead.load(Ordering::SeqCst), limit - 1);
    }

    /// Once the output has ended, no worker reads another unit.
    #[test]
    fn the_workers_stop_reading_when_the_output_ends() {
        let dir = tempfile::tempdir().unwrap();
        let (list, opts) = inputs(dir.path(), 40);
        let shared = shared(&list, &opts, 4);
        let read = AtomicUsize::new(0);
        let check = |unit: Unit| {
            read.fetch_add(1, Ordering::SeqCst);
            if unit.seq == 5 {
                // As a closed pipe would: the printer takes nothing more.
                lock(&shared.printer).closed = true;
            }
            Done {
                seq: unit.seq,
                input: unit.input,
                ..Done::default()
            }
        };
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| shared.work(check));
            }
        });
        assert!(shared.stop.load(Ordering::SeqCst));
        // Unit 5 and at most one unit per other worker already begun.
        assert!(read.load(Ordering::SeqCst) <= 7, "{read:?}");
    }
}
