//! Downloading an execution's file from `reportAccessSecureLink`.
//!
//! The link is a SAS URL: the bearer token is not sent to it, and the link
//! never appears in errors or `Debug`. The file streams into a temporary
//! file beside the target (created exclusively, `.<name>.partial-<random>`,
//! see [`crate::fsutil`]); its size is checked against Content-Length. A
//! download cut short is resumed with a `Range` request (or fetched again
//! when the server does not honour ranges), up to the retry policy's
//! `max_retries` times. The finished file is synced and renamed into place
//! (through a symbolic link, keeping the mode of the file it replaces); on
//! any error the temporary file is removed, so the final name never holds a
//! partial file. Temporary files of killed runs are removed by the next
//! download to the same directory once they are [`STALE`].

use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::Method;
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use super::Client;
use super::errors::Error;
use super::execution::Execution;
use super::http::Call;
use crate::fsutil::{self, WriteError};

/// A temporary download file not written to for this long was left by a
/// run that was killed (a live download writes or times out sooner).
pub const STALE: Duration = Duration::from_secs(600);

/// A finished download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downloaded {
    /// Where the file is.
    pub path: PathBuf,
    /// Bytes written (after a byte-order mark was dropped).
    pub bytes: u64,
}

impl Client {
    /// Download `execution`'s file to `path`. Refuses to replace an existing
    /// file unless `overwrite`. A UTF-8 byte-order mark at the start is dropped.
    pub async fn download(
        &self,
        execution: &Execution,
        path: &Path,
        overwrite: bool,
    ) -> Result<Downloaded, Error> {
        let link = execution
            .report_access_secure_link
            .as_ref()
            .ok_or_else(|| Error::NoDownloadLink {
                execution_id: execution.execution_id.clone().unwrap_or_default(),
                status: execution
                    .execution_status
                    .clone()
                    .unwrap_or_else(|| "unknown".into()),
            })?;
        if !overwrite && path.exists() {
            return Err(Error::Exists(path.to_path_buf()));
        }
        let url = reqwest::Url::parse(link.expose())
            .map_err(|_| Error::Config(format!("the download link {link} is not a URL")))?;
        let mut call = Call {
            method: Method::GET,
            endpoint: "GET reportAccessSecureLink".into(),
            url,
            query: Vec::new(),
            body: None,
            auth: false,
            secret_url: true,
            range_from: None,
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "download".into());
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        fsutil::remove_stale(dir, &format!(".{name}.partial-"), STALE);
        fsutil::remove_stale(dir, &format!("{name}.partial-"), STALE);
        // Beside the file that will be replaced (through a link when
        // overwriting), so the final rename stays in one directory.
        let target = match overwrite {
            true => fsutil::resolve(path).map_err(|e| write_error(e, path))?,
            false => path.to_path_buf(),
        };
        let tmp = fsutil::temp_beside(&target, "partial").map_err(|e| write_error(e, path))?;
        let std_file = tmp.as_file().try_clone().map_err(|source| Error::Io {
            path: tmp.path().to_path_buf(),
            source,
        })?;
        let mut file = tokio::fs::File::from_std(std_file);
        let mut got = Progress::default();
        let mut attempt = 0;
        loop {
            call.range_from = (got.received > 0).then_some(got.received);
            let ans = self.send(&call, false).await?;
            let Some(resp) = ans.response else {
                return Err(Error::Config("no response to stream".into()));
            };
            let result = self.stream_to(resp, &mut file, tmp.path(), &mut got).await;
            match result {
                Ok(()) => break,
                Err(e @ (Error::Truncated { .. } | Error::Network { .. }))
                    if attempt < self.inner.config.retry.max_retries =>
                {
                    let _ = e;
                    tokio::time::sleep(self.backoff(attempt)).await;
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
        drop(file);
        fsutil::place(tmp, path, overwrite).map_err(|e| write_error(e, path))?;
        Ok(Downloaded {
            path: path.to_path_buf(),
            bytes: got.written,
        })
    }

    /// Stream one answer into `file` after the `got.received` bytes already
    /// there (a `206` continues them; a `200` starts over), verify the
    /// length, sync.
    async fn stream_to(
        &self,
        mut resp: reqwest::Response,
        file: &mut tokio::fs::File,
        temp: &Path,
        got: &mut Progress,
    ) -> Result<(), Error> {
        let io = |source| Error::Io {
            path: temp.to_path_buf(),
            source,
        };
        let resumed = resp.status().as_u16() == 206
            && content_range_start(&resp) == Some(got.received)
            && got.received > 0;
        if !resumed && got.received > 0 {
            // The server sent the whole file again (or another range): start over.
            *got = Progress::default();
            file.set_len(0).await.map_err(io)?;
            file.seek(SeekFrom::Start(0)).await.map_err(io)?;
        }
        let expected = if resumed {
            content_range_total(&resp).or_else(|| resp.content_length().map(|n| n + got.received))
        } else {
            resp.content_length()
        };
        let read_timeout = self.inner.config.read_timeout;
        loop {
            let chunk = match tokio::time::timeout(read_timeout, resp.chunk()).await {
                Err(_) => return Err(net(format!("no data for {read_timeout:?}"), true)),
                Ok(Err(e)) => {
                    if let Some(exp) = expected {
                        return Err(Error::Truncated {
                            received: got.received,
                            expected: exp,
                        });
                    }
                    return Err(super::http::net_error("GET reportAccessSecureLink", e));
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(c))) => c,
            };
            let mut data: &[u8] = &chunk;
            if got.received == 0 {
                data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
            }
            got.received += chunk.len() as u64;
            got.written += data.len() as u64;
            file.write_all(data).await.map_err(io)?;
        }
        if let Some(exp) = expected
            && exp != got.received
        {
            return Err(Error::Truncated {
                received: got.received,
                expected: exp,
            });
        }
        file.flush().await.map_err(io)?;
        file.sync_all().await.map_err(io)?;
        Ok(())
    }
}

/// Bytes of the file received so far (as sent) and written (without a BOM).
#[derive(Debug, Default, Clone, Copy)]
struct Progress {
    received: u64,
    written: u64,
}

/// `Content-Range: bytes <start>-<end>/<total>`.
fn content_range(resp: &reqwest::Response) -> Option<(u64, Option<u64>)> {
    let v = resp
        .headers()
        .get(reqwest::header::CONTENT_RANGE)?
        .to_str()
        .ok()?;
    let (range, total) = v.strip_prefix("bytes ")?.split_once('/')?;
    let start = range.split_once('-')?.0.trim().parse().ok()?;
    Some((start, total.trim().parse().ok()))
}

fn content_range_start(resp: &reqwest::Response) -> Option<u64> {
    content_range(resp).map(|(s, _)| s)
}

fn content_range_total(resp: &reqwest::Response) -> Option<u64> {
    content_range(resp).and_then(|(_, t)| t)
}

fn write_error(e: WriteError, path: &Path) -> Error {
    match e {
        WriteError::Exists(p) => Error::Exists(p),
        WriteError::Io { path, source } => Error::Io { path, source },
        other => Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other(other.to_string()),
        },
    }
}

fn net(message: String, timeout: bool) -> Error {
    Error::Network {
        endpoint: "GET reportAccessSecureLink".into(),
        message,
        timeout,
    }
}
