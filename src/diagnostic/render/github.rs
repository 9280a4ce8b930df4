//! GitHub Actions workflow commands: one `::error …::message` line per
//! diagnostic, which GitHub shows as an annotation on the pull request.
//!
//! Errors are `error`, warnings `warning` and advice `notice`. Values are
//! escaped as the Actions toolkit does: `%`, `\r`, `\n` in the message, and
//! additionally `:` and `,` in properties.

use super::{FileDiagnostics, Origin};
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::LineIndex;

/// The workflow command for a severity.
pub const fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "notice",
    }
}

/// Escape the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command line per diagnostic of `files`, each ending in `\n`.
pub fn github(files: &[FileDiagnostics<'_>]) -> String {
    files.iter().map(lines).collect()
}

/// The workflow commands of the diagnostics of one file, each ending in `\n`.
pub fn lines(f: &FileDiagnostics<'_>) -> String {
    let idx = LineIndex::new(f.source);
    let mut out = String::new();
    for d in f.diagnostics {
        out.push_str(&line(d, f.file, &idx, f.origin));
        out.push('\n');
    }
    out
}

/// The workflow command of one diagnostic (without a newline).
fn line(d: &Diagnostic, file: &str, idx: &LineIndex<'_>, origin: Origin) -> String {
    let (line, col) = idx.line_col(d.span.start);
    // GitHub's end column is the last column the annotation covers.
    let last = if d.span.is_empty() {
        d.span.end
    } else {
        d.span.end - 1
    };
    let (end_line, end_col) = idx.line_col(last);
    let (line, end_line) = (line + origin.line, end_line + origin.line);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
        command(d.severity),
        escape_property(file),
        escape_property(d.code.as_str()),
        escape_data(&message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::span::Span;

    #[test]
    fn escapes_as_the_toolkit_does() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn one_line_per_diagnostic_with_positions() {
        let text = "SELECT a\nFROM b TOP 10";
        let diags = [
            Diagnostic::new(Code::Top, Span::new(16, 22), "TOP n, really: no")
                .with_help("100% sure"),
            Diagnostic::new(Code::TimespanOmitted, Span::empty(22), "advice"),
            Diagnostic::new(Code::OrderWithoutDirection, Span::new(0, 6), "w"),
        ];
        let files = [FileDiagnostics {
            file: "dir,x/q:1.pcql",
            source: text,
            diagnostics: &diags,
            origin: Origin::default(),
        }];
        let out = github(&files);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            "::error file=dir%2Cx/q%3A1.pcql,line=2,col=8,endLine=2,endColumn=13,\
             title=PQ1113::TOP n, really: no%0Ahelp: 100%25 sure"
        );
        assert!(lines[1].starts_with("::notice file="), "{}", lines[1]);
        assert!(lines[1].contains("line=2,col=14,endLine=2,endColumn=14"));
        assert!(lines[2].starts_with("::warning "), "{}", lines[2]);
    }
}
