//! What to read: files, directories walked for query and request-body files,
//! and standard input, each with its configuration (the nearest
//! `pcql.toml`).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::CliError;
use super::config::{self, Config};

/// How a text is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `.pcql` / `.sql`: queries separated by `;`.
    Queries,
    /// `.json`: a `ScheduledQueries` or `ScheduledReport` request body.
    Body,
}

impl Kind {
    /// The kind of a file by its extension (queries unless `.json`).
    pub fn of(path: &Path) -> Kind {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Kind::Body,
            _ => Kind::Queries,
        }
    }
}

/// One text to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file, or `None` for standard input.
    pub path: Option<PathBuf>,
    /// How to check it.
    pub kind: Kind,
    /// Its configuration: an index into [`Collected::configs`].
    pub config: usize,
    /// For standard input, the name `--stdin-filename` gives it.
    pub stdin_name: Option<PathBuf>,
}

impl Input {
    /// Standard input, checked as `kind`.
    #[cfg(test)]
    pub fn stdin(kind: Kind) -> Input {
        Input {
            path: None,
            kind,
            config: 0,
            stdin_name: None,
        }
    }

    /// The name in machine output: the path as given, or `-`.
    pub fn name(&self) -> String {
        match (&self.path, &self.stdin_name) {
            (Some(p), _) | (None, Some(p)) => p.display().to_string(),
            (None, None) => "-".to_string(),
        }
    }

    /// The name in human output: the path as given, or `<stdin>`.
    pub fn human_name(&self) -> String {
        match (&self.path, &self.stdin_name) {
            (Some(p), _) | (None, Some(p)) => p.display().to_string(),
            (None, None) => "<stdin>".to_string(),
        }
    }

    /// Read the text (standard input must be read once, by the caller).
    pub fn read(&self) -> Result<String, CliError> {
        match &self.path {
            Some(p) => std::fs::read_to_string(p)
                .map_err(|e| CliError::new(format!("cannot read `{}`: {e}", p.display()))),
            None => read_stdin(),
        }
    }
}

/// All of standard input as text.
pub fn read_stdin() -> Result<String, CliError> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| CliError::new(format!("cannot read standard input: {e}")))?;
    Ok(s)
}

/// The directories never walked into (a name given on the command line is
/// still walked): dependencies and build outputs.
pub const SKIPPED_DIRS: &[&str] = &["node_modules", "target"];

/// The options of `check` and `fmt` that choose the files.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WalkArgs {
    /// Skip files and folders matching this glob when walking directories (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Filter the files named on the command line like walked ones
    /// (excludes, `include`, .json only when a request body); for pre-commit.
    #[arg(long)]
    pub force_exclude: bool,
    /// The file name standard input stands for (its name in the output, its
    /// kind and its pcql.toml).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

impl WalkArgs {
    /// The walk of `command` over files ending in `exts`.
    pub fn walk(
        &self,
        exts: Vec<&'static str>,
        command: &'static str,
        global: &super::Global,
    ) -> Result<Walk, CliError> {
        use std::io::IsTerminal;
        Ok(Walk {
            exts,
            exclude: self.exclude.clone(),
            config: global.config.clone(),
            stdin_filename: self.stdin_filename.clone(),
            cwd: global.cwd()?,
            stdin_is_tty: std::io::stdin().is_terminal(),
            force_exclude: self.force_exclude,
            command,
        })
    }
}

/// How [`collect`] finds inputs.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// The file extensions a directory is searched for (`json` is checked
    /// only for request bodies, see [`is_request_body`]).
    pub exts: Vec<&'static str>,
    /// `--exclude GLOB`s, relative to the working directory.
    pub exclude: Vec<String>,
    /// `--config PATH`: this configuration for every input instead of the nearest.
    pub config: Option<PathBuf>,
    /// `--stdin-filename PATH`: the name of standard input (for output, its
    /// kind and its configuration).
    pub stdin_filename: Option<PathBuf>,
    /// The working directory.
    pub cwd: PathBuf,
    /// Whether standard input is a terminal (then no argument is an error).
    pub stdin_is_tty: bool,
    /// The command, for the message when there is no input (`pcql fmt`).
    pub command: &'static str,
    /// `--force-exclude`: files named on the command line go through the
    /// same filters as walked ones (excludes, `include`, request-body
    /// sniffing), as pre-commit and editors name every file.
    pub force_exclude: bool,
}

/// What [`collect`] found: the inputs and the configurations they use.
#[derive(Debug, Clone, Default)]
pub struct Collected {
    /// Standard input first, then the files sorted by path, without duplicates.
    pub inputs: Vec<Input>,
    /// The configurations; `Input::config` indexes here. The first is the
    /// one of the working directory (or `--config`).
    pub configs: Vec<Config>,
}

/// The inputs named by `args`: `-` is standard input, a directory is walked
/// (see `walk`), anything else is a file. With no arguments, standard
/// input when it is not a terminal. Every input gets the nearest
/// `pcql.toml` (from its own directory upward), unless `--config` names one.
pub fn collect(args: &[PathBuf], how: &Walk) -> Result<Collected, CliError> {
    let mut configs = Configs::new(how)?;
    let mut files = Vec::new();
    let mut stdin = false;
    if args.is_empty() {
        if how.stdin_is_tty {
            return Err(CliError::new(format!(
                "no input: name files or directories, or pipe queries into `{} -`",
                how.command
            )));
        }
        stdin = true;
    }
    let cli_exclude = Globs::new(&how.exclude, &how.cwd, "--exclude")?;
    for a in args {
        if a.as_os_str() == "-" {
            stdin = true;
        } else if a.is_dir() {
            walk(a, how, &cli_exclude, &mut configs, &mut files)?;
        } else if a.exists() {
            let abs = how.cwd.join(a);
            let skipped = a.components().any(|c| {
                c.as_os_str()
                    .to_str()
                    .is_some_and(|n| SKIPPED_DIRS.contains(&n))
            });
            if !how.force_exclude || (!skipped && wanted(a, &abs, how, &cli_exclude, &mut configs)?)
            {
                files.push((a.clone(), Kind::of(a)));
            }
        } else {
            return Err(CliError::new(format!(
                "cannot read `{}`: no such file or directory",
                a.display()
            )));
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    let mut out: Vec<Input> = Vec::with_capacity(files.len() + 1);
    if stdin {
        let name = how.stdin_filename.clone();
        let kind = name.as_deref().map_or(Kind::Queries, Kind::of);
        let config = match &name {
            Some(n) => configs.for_file(&how.cwd.join(n))?,
            None => 0,
        };
        out.push(Input {
            path: None,
            kind,
            config,
            stdin_name: name,
        });
    }
    for (p, kind) in files {
        let config = configs.for_file(&how.cwd.join(&p))?;
        out.push(Input {
            path: Some(p),
            kind,
            config,
            stdin_name: None,
        });
    }
    Ok(Collected {
        inputs: out,
        configs: configs.list,
    })
}

/// Add the files under `dir` to `out`: files with one of the extensions (or
/// matching the nearest configuration's `include`), `.json` files only when
/// they are request bodies; skipping what `.gitignore`, `.ignore`, the
/// repository's `info/exclude` and the global git excludes ignore, hidden
/// entries, [`SKIPPED_DIRS`], and what `--exclude` or the nearest
/// configuration's `exclude` names. Symbolic links to directories are not
/// followed (so a link loop is walked once); links to files are kept.
fn walk(
    dir: &Path,
    how: &Walk,
    cli_exclude: &Globs,
    configs: &mut Configs,
    out: &mut Vec<(PathBuf, Kind)>,
) -> Result<(), CliError> {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .hidden(true)
        .parents(true)
        .ignore(true)
        .git_ignore(true)
        .git_global(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_type().is_some_and(|t| t.is_dir())
                    && e.file_name()
                        .to_str()
                        .is_some_and(|n| SKIPPED_DIRS.contains(&n)))
        });
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.io_error().is_some() => {
                return Err(CliError::new(format!(
                    "cannot read directory `{}`: {e}",
                    dir.display()
                )));
            }
            // A bad line in an ignore file: say so and go on.
            Err(e) => {
                eprintln!("warning: {e}");
                continue;
            }
        };
        let path = entry.path();
        let is_file = match entry.file_type() {
            Some(t) if t.is_file() => true,
            Some(t) if t.is_symlink() => path.is_file(),
            _ => false,
        };
        if !is_file {
            continue;
        }
        let abs = how.cwd.join(path);
        if !wanted(path, &abs, how, cli_exclude, configs)? {
            continue;
        }
        let kind = Kind::of(path);
        out.push((path.to_path_buf(), kind));
    }
    Ok(())
}

/// Replace the contents of a file safely (see [`super::write`]).
pub use super::write::write_atomic;

/// Whether a file found by a walk is checked: not excluded by `--exclude`
/// or its configuration, included by extension or `include`, and for
/// `.json` a request body.
fn wanted(
    path: &Path,
    abs: &Path,
    how: &Walk,
    cli_exclude: &Globs,
    configs: &mut Configs,
) -> Result<bool, CliError> {
    if cli_exclude.matches(abs) {
        return Ok(false);
    }
    let index = configs.for_file(abs)?;
    let config = &configs.list[index];
    if config.exclude.matches(abs) {
        return Ok(false);
    }
    let by_ext = path
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| how.exts.iter().any(|e| e.eq_ignore_ascii_case(x)));
    let included = match config.include.is_empty() {
        true => by_ext,
        false => config.include.matches(abs),
    };
    Ok(included && (Kind::of(path) != Kind::Body || is_request_body(path)))
}

/// Whether the `.json` file at `path` is a request body: a JSON object with
/// `Query`, `QueryId` or `ReportName` at the top level (in any case). Text
/// that is not valid JSON counts when it names one of those keys, so a
/// broken body is still checked (and its error reported).
pub fn is_request_body(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        // Unreadable: let the check report why.
        return true;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if !text.trim_start().starts_with('{') {
        return false;
    }
    const KEYS: &[&str] = &["query", "queryid", "reportname"];
    type Keys = std::collections::BTreeMap<String, serde::de::IgnoredAny>;
    match serde_json::from_str::<Keys>(text) {
        Ok(keys) => keys
            .keys()
            .any(|k| KEYS.contains(&k.to_ascii_lowercase().as_str())),
        Err(_) => {
            let lower = text.to_ascii_lowercase();
            KEYS.iter().any(|k| lower.contains(&format!("\"{k}\"")))
        }
    }
}

/// Globs of `include` or `exclude`, relative to a directory. A glob matches
/// a file when it matches the file's path below the directory, or the path
/// of one of the folders it is in, or (for a glob without `/`) the name of
/// the file or of one of those folders.
#[derive(Debug, Clone, Default)]
pub struct Globs {
    base: PathBuf,
    set: Option<globset::GlobSet>,
    written: Vec<String>,
}

impl PartialEq for Globs {
    fn eq(&self, other: &Self) -> bool {
        self.base == other.base && self.written == other.written
    }
}

impl Eq for Globs {}

impl Globs {
    /// The globs `written`, relative to `base`; `what` names where they come
    /// from in an error.
    pub fn new(written: &[String], base: &Path, what: &str) -> Result<Globs, CliError> {
        if written.is_empty() {
            return Ok(Globs::default());
        }
        let mut set = globset::GlobSetBuilder::new();
        for w in written {
            let w = w.trim_end_matches('/');
            let w = w.strip_prefix("./").unwrap_or(w);
            let glob = globset::GlobBuilder::new(w)
                .literal_separator(true)
                .build()
                .map_err(|e| CliError::new(format!("{what}: bad glob `{w}`: {e}")))?;
            set.add(glob);
        }
        let set = set
            .build()
            .map_err(|e| CliError::new(format!("{what}: {e}")))?;
        Ok(Globs {
            base: base.to_path_buf(),
            set: Some(set),
            written: written.to_vec(),
        })
    }

    /// No glob.
    pub fn is_empty(&self) -> bool {
        self.set.is_none()
    }

    /// Whether a glob matches the file at `abs` (an absolute path).
    pub fn matches(&self, abs: &Path) -> bool {
        let Some(set) = &self.set else {
            return false;
        };
        let abs = normalize(abs);
        let Ok(rel) = abs.strip_prefix(normalize(&self.base)) else {
            return false;
        };
        rel.ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| set.is_match(a) || a.file_name().is_some_and(|n| set.is_match(n)))
    }
}

/// `path` without `.` components and with `..` applied to what precedes it.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The configurations loaded so far, and which one each folder uses.
struct Configs {
    explicit: bool,
    list: Vec<Config>,
    by_dir: HashMap<PathBuf, usize>,
    by_file: HashMap<PathBuf, usize>,
    default: Option<usize>,
}

impl Configs {
    /// The first configuration: `--config`, or the nearest from the working directory.
    fn new(how: &Walk) -> Result<Configs, CliError> {
        let first = Config::load(how.config.as_deref(), &how.cwd)?;
        let mut by_file = HashMap::new();
        if let Some(p) = &first.path {
            by_file.insert(normalize(&how.cwd.join(p)), 0);
        }
        Ok(Configs {
            explicit: how.config.is_some(),
            list: vec![first],
            by_dir: HashMap::new(),
            by_file,
            default: None,
        })
    }

    /// The index of the configuration of the file at `abs`: the nearest
    /// `pcql.toml` from its folder upward (the first, with `--config`).
    fn for_file(&mut self, abs: &Path) -> Result<usize, CliError> {
        if self.explicit {
            return Ok(0);
        }
        let dir = normalize(abs.parent().unwrap_or(Path::new("/")));
        if let Some(&i) = self.by_dir.get(&dir) {
            return Ok(i);
        }
        let i = match config::find_upward(&dir) {
            None => match self.list[0].path {
                // No configuration above this file: the default one.
                None => 0,
                Some(_) => match self.default {
                    Some(i) => i,
                    None => {
                        let i = self.push(Config::default(), None);
                        self.default = Some(i);
                        i
                    }
                },
            },
            Some(found) => {
                let found = normalize(&found);
                match self.by_file.get(&found) {
                    Some(&i) => i,
                    None => {
                        let c = Config::load(Some(&found), &dir)?;
                        self.push(c, Some(found))
                    }
                }
            }
        };
        self.by_dir.insert(dir, i);
        Ok(i)
    }

    fn push(&mut self, c: Config, file: Option<PathBuf>) -> usize {
        self.list.push(c);
        let i = self.list.len() - 1;
        if let Some(f) = file {
            self.by_file.insert(f, i);
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn how(cwd: &Path) -> Walk {
        Walk {
            exts: vec!["pcql", "sql", "json"],
            cwd: cwd.to_path_buf(),
            stdin_is_tty: true,
            command: "pcql check",
            ..Walk::default()
        }
    }

    fn names(got: &Collected, root: &Path) -> Vec<PathBuf> {
        got.inputs
            .iter()
            .map(|i| {
                i.path
                    .as_ref()
                    .unwrap()
                    .strip_prefix(root)
                    .unwrap()
                    .to_path_buf()
            })
            .collect()
    }

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (f, text) in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn walks_sorted_skipping_hidden_and_target() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.pcql",
            "a/z.sql",
            "a/y.json",
            "a/notes.txt",
            ".hidden/x.pcql",
            "target/x.pcql",
            "c/.x.pcql",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        std::fs::write(root.join("a/y.json"), "{\"Query\": \"SELECT a FROM b\"}").unwrap();
        let got = collect(&[root.to_path_buf()], &how(root)).unwrap();
        assert_eq!(
            names(&got, root),
            [PathBuf::from("a/y.json"), "a/z.sql".into(), "b.pcql".into()]
        );
        assert_eq!(got.inputs[0].kind, Kind::Body);
        assert_eq!(got.inputs[1].kind, Kind::Queries);
    }

    #[test]
    fn ignore_files_node_modules_and_excludes_are_skipped() {
        let dir = tree(&[
            (".gitignore", "built/\n*.gen.sql\n"),
            (".ignore", "scratch.pcql\n"),
            ("built/x.pcql", ""),
            ("a.gen.sql", ""),
            ("scratch.pcql", ""),
            ("node_modules/pkg/q.pcql", ""),
            ("vendor/q.pcql", ""),
            ("fixtures/bad.pcql", ""),
            ("keep.pcql", ""),
            ("pcql.toml", "exclude = [\"fixtures\"]\n"),
        ]);
        let root = dir.path();
        let mut w = how(root);
        w.exclude = vec!["vendor/**".into()];
        let got = collect(&[root.to_path_buf()], &w).unwrap();
        assert_eq!(names(&got, root), [PathBuf::from("keep.pcql")]);
        // Named explicitly, an excluded file is still read.
        let got = collect(&[root.join("fixtures/bad.pcql")], &w).unwrap();
        assert_eq!(got.inputs.len(), 1);
    }

    #[test]
    fn json_files_are_request_bodies_only_when_they_look_like_one() {
        let dir = tree(&[
            (
                "package.json",
                "{\"name\": \"x\", \"scripts\": {\"Query\": 1}}",
            ),
            ("tsconfig.json", "[1, 2]"),
            ("q.json", "{\"Query\": \"SELECT a FROM b\"}"),
            (
                "r.json",
                "\u{feff}{\"reportName\": \"r\", \"queryId\": \"x\"}",
            ),
            ("broken.json", "{\"Query\": \"SELECT a FROM b\""),
        ]);
        let root = dir.path();
        let got = collect(&[root.to_path_buf()], &how(root)).unwrap();
        assert_eq!(
            names(&got, root),
            [
                PathBuf::from("broken.json"),
                "q.json".into(),
                "r.json".into()
            ]
        );
        // Named explicitly, any .json is a body; unless --force-exclude.
        let got = collect(&[root.join("package.json")], &how(root)).unwrap();
        assert_eq!(got.inputs[0].kind, Kind::Body);
        let mut w = how(root);
        w.force_exclude = true;
        std::fs::create_dir_all(root.join("node_modules")).unwrap();
        std::fs::write(root.join("node_modules/q.pcql"), "").unwrap();
        let named = [
            root.join("package.json"),
            root.join("q.json"),
            root.join("node_modules/q.pcql"),
        ];
        let got = collect(&named, &w).unwrap();
        assert_eq!(names(&got, root), [PathBuf::from("q.json")]);
    }

    #[test]
    fn the_nearest_pcql_toml_applies_to_each_file() {
        let dir = tree(&[
            ("pcql.toml", "family = \"mpn\"\n"),
            ("top.pcql", ""),
            ("sub/pcql.toml", "family = \"cmp\"\n"),
            ("sub/deep/low.pcql", ""),
            ("sub/mid.pcql", ""),
        ]);
        let root = dir.path();
        let got = collect(&[root.to_path_buf()], &how(root)).unwrap();
        let family = |i: usize| got.configs[got.inputs[i].config].family.as_deref();
        assert_eq!(names(&got, root)[0], PathBuf::from("sub/deep/low.pcql"));
        assert_eq!(family(0), Some("cmp"));
        assert_eq!(family(1), Some("cmp"));
        assert_eq!(family(2), Some("mpn"));
        assert_eq!(got.configs.len(), 2, "each file loaded once");
        // `--config` wins for every file.
        let mut w = how(root);
        w.config = Some(root.join("pcql.toml"));
        let got = collect(&[root.to_path_buf()], &w).unwrap();
        assert!(got.inputs.iter().all(|i| i.config == 0));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_walked_once() {
        let dir = tree(&[("a.pcql", ""), ("sub/b.pcql", "")]);
        let root = dir.path();
        std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("../..", root.join("sub/up2")).unwrap();
        std::os::unix::fs::symlink("sub", root.join("again")).unwrap();
        std::os::unix::fs::symlink("a.pcql", root.join("link.pcql")).unwrap();
        let got = collect(&[root.to_path_buf()], &how(root)).unwrap();
        assert_eq!(
            names(&got, root),
            [
                PathBuf::from("a.pcql"),
                "link.pcql".into(),
                "sub/b.pcql".into()
            ]
        );
    }

    #[test]
    fn missing_path_and_tty_without_args_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = how(dir.path());
        let e = collect(&[PathBuf::from("no/such.pcql")], &w).unwrap_err();
        assert!(e.to_string().contains("no/such.pcql"));
        let e = collect(&[], &w).unwrap_err();
        assert!(e.to_string().contains("`pcql check -`"), "{e}");
        w.command = "pcql fmt";
        let e = collect(&[], &w).unwrap_err();
        assert!(e.to_string().contains("`pcql fmt -`"), "{e}");
        w.stdin_is_tty = false;
        assert_eq!(
            collect(&[], &w).unwrap().inputs,
            [Input::stdin(Kind::Queries)]
        );
    }
}
