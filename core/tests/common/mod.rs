//! Shared test helpers: locating the shared official vectors, and a minimal ZIP reader (stored
//! and deflated entries, as in the ESDK vector archives) over miniz_oxide's inflate.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub(crate) mod ecdsa_der;
pub(crate) mod esdk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The official ESDK vector folder: `$DATAKEY_ESDK_VECTORS`, else `shared/esdk-vectors` beside
/// the checkout (`../shared/esdk-vectors` from the repository root, searched upwards so that git
/// worktrees nested one level deeper find it too). Panics loudly when it is absent.
pub(crate) fn esdk_vectors_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("DATAKEY_ESDK_VECTORS") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.is_dir(),
            "DATAKEY_ESDK_VECTORS={} is not a directory: the official ESDK vectors are required",
            dir.display()
        );
        return dir;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for ancestor in manifest.ancestors().skip(1) {
        let candidate = ancestor.join("shared").join("esdk-vectors");
        if candidate.is_dir() {
            return candidate;
        }
    }
    panic!(
        "\n\n*** MISSING OFFICIAL ESDK TEST VECTORS ***\nLooked for shared/esdk-vectors beside the \
         checkout (../shared/esdk-vectors from the repository root) and its parents, starting at \
         {}.\nPut the archives there or set DATAKEY_ESDK_VECTORS to their folder.\n",
        manifest.display()
    );
}

/// All files of a ZIP archive, by name (directories skipped).
pub(crate) fn read_zip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let data = std::fs::read(path).unwrap_or_else(|e| {
        panic!(
            "\n\n*** MISSING OFFICIAL ESDK VECTOR ARCHIVE {}: {e} ***\n",
            path.display()
        )
    });
    let u16_at = |at: usize| u16::from_le_bytes([data[at], data[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(data[at..at + 4].try_into().unwrap()) as usize;
    // End of central directory: the last "PK\x05\x06" record.
    let eocd = (0..=data.len() - 22)
        .rev()
        .find(|&i| data[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .expect("no ZIP end-of-central-directory record");
    let entries = u16_at(eocd + 10);
    let mut at = u32_at(eocd + 16);
    let mut files = BTreeMap::new();
    for _ in 0..entries {
        assert_eq!(
            &data[at..at + 4],
            &[0x50, 0x4b, 0x01, 0x02],
            "central header"
        );
        let method = u16_at(at + 10);
        let compressed = u32_at(at + 20);
        let size = u32_at(at + 24);
        let name_len = u16_at(at + 28);
        let extra_len = u16_at(at + 30);
        let comment_len = u16_at(at + 32);
        let local = u32_at(at + 42);
        let name = String::from_utf8(data[at + 46..at + 46 + name_len].to_vec()).unwrap();
        at += 46 + name_len + extra_len + comment_len;
        if name.ends_with('/') {
            continue;
        }
        assert_eq!(
            &data[local..local + 4],
            &[0x50, 0x4b, 0x03, 0x04],
            "local header"
        );
        let start = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let raw = &data[start..start + compressed];
        let content = match method {
            0 => raw.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec(raw)
                .unwrap_or_else(|e| panic!("{name}: inflate failed: {e:?}")),
            m => panic!("{name}: unsupported ZIP compression method {m}"),
        };
        assert_eq!(content.len(), size, "{name}: size");
        files.insert(name, content);
    }
    files
}
