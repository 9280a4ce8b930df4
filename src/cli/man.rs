//! `pcql completions SHELL` and `pcql man`: generated from the command line's
//! own definition, so they never fall out of date.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CliError, EXIT_OK};

/// `pcql completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Print the completion script of `args.shell`.
///
/// bash: `source <(pcql completions bash)`; zsh: `pcql completions zsh >
/// ~/.zfunc/_pcql`; fish: `pcql completions fish >
/// ~/.config/fish/completions/pcql.fish`; PowerShell: `pcql completions
/// powershell | Out-String | Invoke-Expression`.
pub fn completions(args: CompletionsArgs) -> Result<i32, CliError> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "pcql", &mut out);
    write_stdout(&out)
}

/// Print the manual page in roff, with a section for each subcommand.
pub fn man() -> Result<i32, CliError> {
    write_stdout(&man_page()?)
}

/// The manual page: `pcql(1)`, then a page for each subcommand, in one roff text.
pub fn man_page() -> Result<Vec<u8>, CliError> {
    let cmd = Cli::command();
    let fail = |e: std::io::Error| CliError::new(format!("cannot render the manual: {e}"));
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .map_err(fail)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        // Leaked once per subcommand, in a process that prints and exits.
        let name: &'static str = Box::leak(format!("pcql-{}", sub.get_name()).into_boxed_str());
        let sub = sub.clone().name(name).display_name(name);
        clap_mangen::Man::new(sub).render(&mut out).map_err(fail)?;
    }
    Ok(out)
}

fn write_stdout(bytes: &[u8]) -> Result<i32, CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(EXIT_OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(EXIT_OK),
        Err(e) => Err(CliError::new(format!("cannot write output: {e}"))),
    }
}
