//! Writing a fixed file for `--fix`: atomically (a temporary file in the
//! same folder, renamed over the original, with the original's
//! permissions), and only when the file on disk is still what was read.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// What a file looked like when it was read: its modification time and
/// length, compared again before the fixed text replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    modified: Option<std::time::SystemTime>,
    len: u64,
}

impl Snapshot {
    /// The snapshot of a file's metadata.
    #[must_use]
    pub fn of(meta: &std::fs::Metadata) -> Self {
        Self {
            modified: meta.modified().ok(),
            len: meta.len(),
        }
    }
}

/// Replaces the file at `path`, read as `original` when it looked like
/// `snapshot`, with `fixed`. A symbolic link is followed: its target is
/// rewritten and the link kept.
///
/// # Errors
/// A message when the file changed on disk since it was read (it is then
/// left as it is) or cannot be written.
pub fn write(
    path: &Path,
    original: &[u8],
    snapshot: &Snapshot,
    fixed: &[u8],
) -> Result<(), String> {
    let real = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let folder = real.parent().unwrap_or(Path::new("."));
    let meta = std::fs::metadata(&real).map_err(|e| e.to_string())?;
    let (temp, mut file) =
        temporary(folder, &real).map_err(|e| format!("cannot write the fixes: {e}"))?;
    let written = file
        .write_all(fixed)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::set_permissions(&temp, meta.permissions()));
    drop(file);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(format!("cannot write the fixes: {e}"));
    }
    // The last look before the rename: the file must still be what was read.
    let unchanged = std::fs::metadata(&real).is_ok_and(|m| Snapshot::of(&m) == *snapshot)
        && std::fs::read(&real).is_ok_and(|now| now == original);
    if !unchanged {
        let _ = std::fs::remove_file(&temp);
        return Err("changed on disk while agentls was fixing it; left as it is".to_owned());
    }
    std::fs::rename(&temp, &real).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write the fixes: {e}")
    })
}

/// A new temporary file beside `real`: `.NAME.agentls-PID-N.tmp`.
fn temporary(folder: &Path, real: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut n = 0u32;
    loop {
        let temp = folder.join(format!(".{name}.agentls-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("agentls-fix-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    #[test]
    fn writes_only_an_unchanged_file_and_keeps_its_permissions() {
        let dir = scratch("write");
        let path = dir.join("a.md");
        std::fs::write(&path, "old").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        let snapshot = Snapshot::of(&std::fs::metadata(&path).expect("meta"));
        write(&path, b"old", &snapshot, b"new").expect("fixed");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        // Read as "old", but it says "new" now: left alone.
        let err = write(&path, b"old", &snapshot, b"newer").expect_err("changed");
        assert_eq!(
            err,
            "changed on disk while agentls was fixing it; left as it is"
        );
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").flatten().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
