//! Long-term access keys in the persistent store: sealed with the rest of the state, seen by
//! every handle on the store (another process's `datakey access-keys create` works at once in
//! a running server), deleted durably, and a store without access keys keeps its bytes.

use std::path::PathBuf;

use datakey::LocalKms;
use datakey::kms::{CreateKeyRequest, RootKey, STORE_FILE_NAME};

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "datakey-access-keys-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn root() -> RootKey {
    RootKey::parse("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
        .expect("root key")
}

#[test]
fn access_keys_survive_reopening_and_are_seen_by_other_handles() {
    let t = TempDir::new("reopen");
    let a = LocalKms::open(&t.0, root()).expect("open");
    let b = LocalKms::open(&t.0, root()).expect("open again");
    let created = a.create_access_key(None).expect("create");
    let id = created.metadata.access_key_id.clone();
    // the other handle reads the store before answering
    let seen = b
        .signing_credential(&id)
        .expect("look-up")
        .expect("seen by b");
    assert_eq!(
        seen.secret_access_key.expose_secret(),
        created.secret_access_key.expose_secret()
    );
    assert_eq!(b.list_access_keys().expect("list").len(), 1);
    drop((a, b));

    let again = LocalKms::open(&t.0, root()).expect("reopen");
    let cred = again
        .signing_credential(&id)
        .expect("look-up")
        .expect("kept");
    assert_eq!(
        cred.secret_access_key.expose_secret(),
        created.secret_access_key.expose_secret()
    );
    assert_eq!(
        cred.principal_arn,
        format!("arn:aws:iam::{}:root", again.account_id())
    );
    let listed = again.list_access_keys().expect("list");
    assert_eq!(listed, vec![created.metadata.clone()]);

    // the secret is sealed: it does not appear in the file
    let file = std::fs::read(t.0.join(STORE_FILE_NAME)).expect("store file");
    let secret = created.secret_access_key.expose_secret();
    assert!(!file.windows(secret.len()).any(|w| w == secret));

    again.delete_access_key(&id).expect("delete");
    drop(again);
    let after = LocalKms::open(&t.0, root()).expect("reopen");
    assert!(after.signing_credential(&id).expect("look-up").is_none());
    assert!(after.list_access_keys().expect("list").is_empty());
}

#[test]
fn keys_and_access_keys_live_side_by_side() {
    let t = TempDir::new("side");
    let kms = LocalKms::open(&t.0, root()).expect("open");
    let key = kms
        .create_key(CreateKeyRequest::default())
        .expect("key")
        .key_metadata;
    let user = format!("arn:aws:iam::{}:user/alice", kms.account_id());
    let ak = kms.create_access_key(Some(&user)).expect("access key");
    // a key change rewrites the state: the access key stays
    kms.disable_key(datakey::kms::DisableKeyRequest {
        key_id: key.key_id.clone(),
    })
    .expect("disable");
    drop(kms);
    let kms = LocalKms::open(&t.0, root()).expect("reopen");
    let cred = kms
        .signing_credential(&ak.metadata.access_key_id)
        .expect("look-up")
        .expect("kept");
    assert_eq!(cred.principal_arn, user);
    assert!(
        !kms.describe_key(datakey::kms::DescribeKeyRequest { key_id: key.key_id })
            .expect("describe")
            .key_metadata
            .enabled
    );
}

#[test]
fn a_store_without_access_keys_is_not_rewritten_by_reading_them() {
    let t = TempDir::new("bytes");
    let kms = LocalKms::open(&t.0, root()).expect("open");
    kms.create_key(CreateKeyRequest::default()).expect("key");
    let before = std::fs::read(t.0.join(STORE_FILE_NAME)).expect("file");
    assert!(kms.list_access_keys().expect("list").is_empty());
    assert!(
        kms.signing_credential("AKIAAAAAAAAAAAAAAAAA")
            .expect("look-up")
            .is_none()
    );
    drop(kms);
    let _reopened = LocalKms::open(&t.0, root()).expect("reopen");
    let after = std::fs::read(t.0.join(STORE_FILE_NAME)).expect("file");
    assert_eq!(before, after);
}
