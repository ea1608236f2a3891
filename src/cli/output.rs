//! Writing results: standard output, and report directories whose files
//! are each written atomically (a temporary file renamed into place), so a
//! killed run never leaves a half-written file.

use std::path::Path;

use anyhow::Context;

/// Writes through a temporary file in the same directory and renames it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().context("a file name is needed")?.to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("moving the result to {}", path.display()))?;
    Ok(())
}

/// A report directory being filled.
pub struct ReportDir<'a> {
    dir: &'a Path,
    pub written: Vec<String>,
}

impl<'a> ReportDir<'a> {
    pub fn create(dir: &'a Path) -> anyhow::Result<ReportDir<'a>> {
        if dir.is_file() {
            anyhow::bail!("--out {} is a file; it takes a directory for the report", dir.display());
        }
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(ReportDir {
            dir,
            written: Vec::new(),
        })
    }

    pub fn write(&mut self, name: &str, text: &str) -> anyhow::Result<()> {
        write_atomically(&self.dir.join(name), text.as_bytes())?;
        self.written.push(name.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_whole_files_and_leave_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = ReportDir::create(dir.path()).unwrap();
        out.write("a.txt", "first version, longer than the second").unwrap();
        out.write("a.txt", "second").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("a.txt")).unwrap(), "second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_file_is_not_a_report_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("results.json");
        std::fs::write(&file, "{}").unwrap();
        let e = ReportDir::create(&file).err().expect("refused");
        assert!(e.to_string().contains("takes a directory"), "{e}");
    }
}
