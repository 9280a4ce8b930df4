//! Downloading an execution's file from `reportAccessSecureLink`.
//!
//! The link is a SAS URL: the bearer token is not sent to it, and the link
//! never appears in errors or `Debug`. The file streams into
//! `<name>.partial-<random>` beside the target, its size is checked against
//! Content-Length, it is synced and then renamed into place; on any error the
//! temporary file is removed, so the final name never holds a partial file.

use std::path::{Path, PathBuf};

use reqwest::Method;
use tokio::io::AsyncWriteExt;

use super::Client;
use super::errors::Error;
use super::execution::Execution;
use super::http::Call;
use super::time::random_u64;

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
        let call = Call {
            method: Method::GET,
            endpoint: "GET reportAccessSecureLink".into(),
            url,
            query: Vec::new(),
            body: None,
            auth: false,
            secret_url: true,
        };
        let ans = self.send(&call, false).await?;
        let Some(resp) = ans.response else {
            return Err(Error::Config("no response to stream".into()));
        };
        let temp = temp_name(path);
        let result = self.stream_to(resp, &temp).await;
        let finish = match result {
            Ok(bytes) => place(&temp, path, overwrite).map(|()| bytes),
            Err(e) => Err(e),
        };
        match finish {
            Ok(bytes) => Ok(Downloaded {
                path: path.to_path_buf(),
                bytes,
            }),
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                Err(e)
            }
        }
    }

    /// Stream the body to `temp`, verify the length, sync. Returns bytes written.
    async fn stream_to(&self, mut resp: reqwest::Response, temp: &Path) -> Result<u64, Error> {
        let io = |source| Error::Io {
            path: temp.to_path_buf(),
            source,
        };
        let expected = resp.content_length();
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)
            .await
            .map_err(io)?;
        let (mut received, mut written) = (0u64, 0u64);
        let read_timeout = self.inner.config.read_timeout;
        loop {
            let chunk = match tokio::time::timeout(read_timeout, resp.chunk()).await {
                Err(_) => return Err(net(format!("no data for {read_timeout:?}"), true)),
                Ok(Err(e)) => {
                    if let Some(exp) = expected {
                        return Err(Error::Truncated {
                            received,
                            expected: exp,
                        });
                    }
                    return Err(super::http::net_error("GET reportAccessSecureLink", e));
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(c))) => c,
            };
            let mut data: &[u8] = &chunk;
            if received == 0 {
                data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
            }
            received += chunk.len() as u64;
            written += data.len() as u64;
            file.write_all(data).await.map_err(io)?;
        }
        if let Some(exp) = expected
            && exp != received
        {
            return Err(Error::Truncated {
                received,
                expected: exp,
            });
        }
        file.flush().await.map_err(io)?;
        file.sync_all().await.map_err(io)?;
        Ok(written)
    }
}

fn net(message: String, timeout: bool) -> Error {
    Error::Network {
        endpoint: "GET reportAccessSecureLink".into(),
        message,
        timeout,
    }
}

/// `<dir>/<name>.partial-<random>`.
fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "download".into());
    path.with_file_name(format!("{name}.partial-{:016x}", random_u64()))
}

/// Move `temp` to `path`: a rename when overwriting; a hard link (which fails
/// if `path` exists) when not, so a file that appeared meanwhile survives.
fn place(temp: &Path, path: &Path, overwrite: bool) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    if overwrite {
        std::fs::rename(temp, path).map_err(io)?;
    } else {
        match std::fs::hard_link(temp, path) {
            Ok(()) => {
                let _ = std::fs::remove_file(temp);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::Exists(path.to_path_buf()));
            }
            Err(_) => {
                if path.exists() {
                    return Err(Error::Exists(path.to_path_buf()));
                }
                std::fs::rename(temp, path).map_err(io)?;
            }
        }
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}
