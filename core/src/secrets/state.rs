//! What the local Secrets Manager keeps: secrets, their versions and sealed values, and the
//! encoding of them in the key store's secrets section.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::SystemTime;

use zeroize::Zeroizing;

use super::api::{ExternalSecretRotationMetadataItem, RotationRules, Tag};
use super::rotation::RotationFunction;
use crate::error::Result;
use crate::kms::{Corrupt, StoreReader, StoreWriter};

/// Every secret of a service, by ARN.
#[derive(Clone, Default)]
pub(crate) struct State {
    pub(crate) secrets: BTreeMap<String, Secret>,
}

/// One secret.
#[derive(Clone)]
pub(crate) struct Secret {
    pub(crate) arn: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    /// The `KmsKeyId` as given; `None`: the AWS managed `aws/secretsmanager`.
    pub(crate) kms_key_id: Option<String>,
    pub(crate) secret_type: Option<String>,
    pub(crate) created: SystemTime,
    pub(crate) last_changed: SystemTime,
    pub(crate) last_accessed: Option<SystemTime>,
    /// When the secret will be deleted (`DeletedDate`); `None` unless scheduled.
    pub(crate) deletion_date: Option<SystemTime>,
    pub(crate) rotation_enabled: bool,
    pub(crate) rotation_lambda_arn: Option<String>,
    pub(crate) rotation_rules: Option<RotationRules>,
    /// A managed external secret's rotation metadata and role (`RotateSecret`).
    pub(crate) external_rotation_metadata: Vec<ExternalSecretRotationMetadataItem>,
    pub(crate) external_rotation_role_arn: Option<String>,
    pub(crate) last_rotated: Option<SystemTime>,
    pub(crate) next_rotation: Option<SystemTime>,
    pub(crate) tags: Vec<Tag>,
    pub(crate) policy: Option<String>,
    /// Oldest first.
    pub(crate) versions: Vec<Version>,
    /// For a replica: the region of its primary secret.
    pub(crate) primary_region: Option<String>,
    /// For a primary: its replicas (region, `KmsKeyId` as given, status, status message).
    pub(crate) replicas: Vec<Replica>,
    /// For a cross-account replica: its primary (in another account of the region).
    pub(crate) cross_account_primary: Option<CrossAccountLink>,
    /// For a cross-account primary: its replicas (at most one).
    pub(crate) cross_account_replicas: Vec<CrossAccountLink>,
}

/// The other end of a cross-account replication, as one side records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CrossAccountLink {
    /// The other secret's ARN.
    pub(crate) arn: String,
    /// `ReplicationRoleARN` (on the primary's side).
    pub(crate) role_arn: Option<String>,
    pub(crate) status: String,
    pub(crate) message: Option<String>,
}

/// A replica of a primary secret in another region of the service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Replica {
    pub(crate) region: String,
    pub(crate) kms_key_id: Option<String>,
    pub(crate) status: String,
    pub(crate) message: Option<String>,
}

/// One version of a secret.
#[derive(Clone)]
pub(crate) struct Version {
    pub(crate) id: String,
    pub(crate) created: SystemTime,
    pub(crate) stages: Vec<String>,
    pub(crate) last_accessed: Option<SystemTime>,
    /// `None` for the value-less `AWSPENDING` version `RotateSecret` makes before it calls the
    /// rotation function.
    pub(crate) sealed: Option<Sealed>,
}

/// A secret value as stored: AES-256-GCM under a fresh data key, the data key as a KMS
/// ciphertext blob. No plaintext.
#[derive(Clone)]
pub(crate) struct Sealed {
    /// The key ARN `GenerateDataKey` answered with.
    pub(crate) key_arn: String,
    /// The data key, as the KMS ciphertext blob of `GenerateDataKey`.
    pub(crate) wrapped_key: Vec<u8>,
    pub(crate) nonce: [u8; 12],
    /// Ciphertext and tag.
    pub(crate) ciphertext: Vec<u8>,
    /// `SecretBinary` (true) or `SecretString`.
    pub(crate) binary: bool,
}

impl Secret {
    pub(crate) fn version(&self, id: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.id == id)
    }

    pub(crate) fn version_mut(&mut self, id: &str) -> Option<&mut Version> {
        self.versions.iter_mut().find(|v| v.id == id)
    }

    /// The version carrying `label`.
    pub(crate) fn labelled(&self, label: &str) -> Option<&Version> {
        self.versions
            .iter()
            .find(|v| v.stages.iter().any(|s| s == label))
    }
}

/// The Secrets Manager state of one `LocalKms` service, with the rotation functions
/// registered in this process.
#[derive(Default)]
pub(crate) struct Shared {
    state: RwLock<State>,
    pub(crate) rotators: RwLock<HashMap<String, RotationFunction>>,
    /// The other regions of this datakey service, by region.
    pub(crate) regions: RwLock<BTreeMap<String, crate::kms::WeakKms>>,
    /// The services of other accounts in this region, by account id.
    pub(crate) accounts: RwLock<BTreeMap<String, crate::kms::WeakKms>>,
    /// Held for each operation's read-modify-write of the state (a persistent store's
    /// transaction serializes them too, an in-memory service only through this).
    pub(crate) op_lock: std::sync::Mutex<()>,
}

/// The write lock on the state; releasing it tells the store transaction that it changed.
pub(crate) struct StateWrite<'a>(RwLockWriteGuard<'a, State>);

impl core::ops::Deref for StateWrite<'_> {
    type Target = State;
    fn deref(&self) -> &State {
        &self.0
    }
}

impl core::ops::DerefMut for StateWrite<'_> {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.0
    }
}

impl Drop for StateWrite<'_> {
    fn drop(&mut self) {
        crate::kms::note_change();
    }
}

impl Shared {
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn write(&self) -> StateWrite<'_> {
        StateWrite(self.state.write().unwrap_or_else(PoisonError::into_inner))
    }

    /// Replaces the state (the store read it from disk, or rolled back).
    pub(crate) fn replace(&self, state: State) {
        *self.write() = state;
    }

    /// The store section, or `None` when there are no secrets (no section is written).
    pub(crate) fn encode(&self) -> Option<Zeroizing<Vec<u8>>> {
        let state = self.read();
        (!state.secrets.is_empty()).then(|| state.encode())
    }

    pub(crate) fn rotator(&self, arn: &str) -> Option<RotationFunction> {
        self.rotators
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(arn)
            .map(Arc::clone)
    }
}

// ----- encoding ---------------------------------------------------------------------------------

/// Layout version of the secrets section (2 adds the external rotation metadata and role and
/// the cross-account links at the end of each secret; layout 1 is still read).
const LAYOUT: u8 = 2;

fn write_link(w: &mut StoreWriter, l: &CrossAccountLink) {
    w.str(&l.arn);
    w.opt_str(l.role_arn.as_deref());
    w.str(&l.status);
    w.opt_str(l.message.as_deref());
}

fn read_link(r: &mut StoreReader<'_>) -> Result<CrossAccountLink> {
    Ok(CrossAccountLink {
        arn: r.string()?,
        role_arn: r.opt_string()?,
        status: r.string()?,
        message: r.opt_string()?,
    })
}

impl State {
    fn encode(&self) -> Zeroizing<Vec<u8>> {
        let mut w = StoreWriter(Zeroizing::new(Vec::new()));
        w.u8(LAYOUT);
        w.len(self.secrets.len());
        for s in self.secrets.values() {
            // Exhaustive: a new field does not compile until it is stored here.
            let Secret {
                arn,
                name,
                description,
                kms_key_id,
                secret_type,
                created,
                last_changed,
                last_accessed,
                deletion_date,
                rotation_enabled,
                rotation_lambda_arn,
                rotation_rules,
                last_rotated,
                next_rotation,
                tags,
                policy,
                versions,
                primary_region,
                replicas,
                external_rotation_metadata,
                external_rotation_role_arn,
                cross_account_primary,
                cross_account_replicas,
            } = s;
            w.str(arn);
            w.str(name);
            w.opt_str(description.as_deref());
            w.opt_str(kms_key_id.as_deref());
            w.opt_str(secret_type.as_deref());
            w.time(*created);
            w.time(*last_changed);
            w.opt_time(*last_accessed);
            w.opt_time(*deletion_date);
            w.bool(*rotation_enabled);
            w.opt_str(rotation_lambda_arn.as_deref());
            match rotation_rules {
                Some(r) => {
                    w.bool(true);
                    w.opt_i64(r.automatically_after_days);
                    w.opt_str(r.duration.as_deref());
                    w.opt_str(r.schedule_expression.as_deref());
                }
                None => w.bool(false),
            }
            w.opt_time(*last_rotated);
            w.opt_time(*next_rotation);
            w.len(tags.len());
            for t in tags {
                w.str(&t.key);
                w.str(&t.value);
            }
            w.opt_str(policy.as_deref());
            w.len(versions.len());
            for v in versions {
                w.str(&v.id);
                w.time(v.created);
                w.len(v.stages.len());
                for st in &v.stages {
                    w.str(st);
                }
                w.opt_time(v.last_accessed);
                match &v.sealed {
                    Some(x) => {
                        w.bool(true);
                        w.str(&x.key_arn);
                        w.bytes(&x.wrapped_key);
                        w.0.extend_from_slice(&x.nonce);
                        w.bytes(&x.ciphertext);
                        w.bool(x.binary);
                    }
                    None => w.bool(false),
                }
            }
            w.opt_str(primary_region.as_deref());
            w.len(replicas.len());
            for r in replicas {
                w.str(&r.region);
                w.opt_str(r.kms_key_id.as_deref());
                w.str(&r.status);
                w.opt_str(r.message.as_deref());
            }
            w.len(external_rotation_metadata.len());
            for item in external_rotation_metadata {
                w.str(&item.key);
                w.str(&item.value);
            }
            w.opt_str(external_rotation_role_arn.as_deref());
            match cross_account_primary {
                Some(link) => {
                    w.bool(true);
                    write_link(&mut w, link);
                }
                None => w.bool(false),
            }
            w.len(cross_account_replicas.len());
            for link in cross_account_replicas {
                write_link(&mut w, link);
            }
        }
        w.0
    }

    /// Reads the store's secrets section.
    pub(crate) fn decode(body: &[u8], corrupt: &dyn Corrupt) -> Result<State> {
        let mut r = StoreReader::new(body, corrupt);
        let layout = r.u8()?;
        if !(1..=LAYOUT).contains(&layout) {
            return Err(r.corrupt("an unknown layout of the secrets section"));
        }
        let mut secrets = BTreeMap::new();
        for _ in 0..r.count()? {
            let arn = r.string()?;
            let name = r.string()?;
            let description = r.opt_string()?;
            let kms_key_id = r.opt_string()?;
            let secret_type = r.opt_string()?;
            let created = r.time()?;
            let last_changed = r.time()?;
            let last_accessed = r.opt_time()?;
            let deletion_date = r.opt_time()?;
            let rotation_enabled = r.bool()?;
            let rotation_lambda_arn = r.opt_string()?;
            let rotation_rules = if r.bool()? {
                Some(RotationRules {
                    automatically_after_days: r.opt_i64()?,
                    duration: r.opt_string()?,
                    schedule_expression: r.opt_string()?,
                })
            } else {
                None
            };
            let last_rotated = r.opt_time()?;
            let next_rotation = r.opt_time()?;
            let mut tags = Vec::new();
            for _ in 0..r.count()? {
                tags.push(Tag {
                    key: r.string()?,
                    value: r.string()?,
                });
            }
            let policy = r.opt_string()?;
            let mut versions = Vec::new();
            for _ in 0..r.count()? {
                let id = r.string()?;
                let created = r.time()?;
                let mut stages = Vec::new();
                for _ in 0..r.count()? {
                    stages.push(r.string()?);
                }
                let last_accessed = r.opt_time()?;
                let sealed = if r.bool()? {
                    let key_arn = r.string()?;
                    let wrapped_key = r.bytes()?.to_vec();
                    let mut nonce = [0u8; 12];
                    nonce.copy_from_slice(r.take(12)?);
                    let ciphertext = r.bytes()?.to_vec();
                    let binary = r.bool()?;
                    Some(Sealed {
                        key_arn,
                        wrapped_key,
                        nonce,
                        ciphertext,
                        binary,
                    })
                } else {
                    None
                };
                versions.push(Version {
                    id,
                    created,
                    stages,
                    last_accessed,
                    sealed,
                });
            }
            let primary_region = r.opt_string()?;
            let mut replicas = Vec::new();
            for _ in 0..r.count()? {
                replicas.push(Replica {
                    region: r.string()?,
                    kms_key_id: r.opt_string()?,
                    status: r.string()?,
                    message: r.opt_string()?,
                });
            }
            let mut external_rotation_metadata = Vec::new();
            let mut external_rotation_role_arn = None;
            if layout >= 2 {
                for _ in 0..r.count()? {
                    external_rotation_metadata.push(ExternalSecretRotationMetadataItem {
                        key: r.string()?,
                        value: r.string()?,
                    });
                }
                external_rotation_role_arn = r.opt_string()?;
            }
            let mut cross_account_primary = None;
            let mut cross_account_replicas = Vec::new();
            if layout >= 2 {
                if r.bool()? {
                    cross_account_primary = Some(read_link(&mut r)?);
                }
                for _ in 0..r.count()? {
                    cross_account_replicas.push(read_link(&mut r)?);
                }
            }
            let secret = Secret {
                cross_account_primary,
                cross_account_replicas,
                external_rotation_metadata,
                external_rotation_role_arn,
                primary_region,
                replicas,
                arn: arn.clone(),
                name,
                description,
                kms_key_id,
                secret_type,
                created,
                last_changed,
                last_accessed,
                deletion_date,
                rotation_enabled,
                rotation_lambda_arn,
                rotation_rules,
                last_rotated,
                next_rotation,
                tags,
                policy,
                versions,
            };
            if secrets.insert(arn, secret).is_some() {
                return Err(r.corrupt("a secret appears twice in the secrets section"));
            }
        }
        if !r.is_empty() {
            return Err(r.corrupt("trailing bytes in the secrets section"));
        }
        Ok(State { secrets })
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::error::Error;

    /// A [`Corrupt`] without a store file.
    struct Bytes;

    impl Corrupt for Bytes {
        fn corrupt(&self, why: &str) -> Error {
            Error::StoreCorrupt(why.to_owned())
        }
    }

    fn secret(metadata: Vec<ExternalSecretRotationMetadataItem>, role: Option<&str>) -> Secret {
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        Secret {
            arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:s-AbC123".into(),
            name: "s".into(),
            description: None,
            kms_key_id: None,
            secret_type: None,
            created: t,
            last_changed: t,
            last_accessed: None,
            deletion_date: None,
            rotation_enabled: false,
            rotation_lambda_arn: None,
            rotation_rules: None,
            external_rotation_metadata: metadata,
            external_rotation_role_arn: role.map(Into::into),
            last_rotated: None,
            next_rotation: None,
            tags: Vec::new(),
            policy: None,
            versions: Vec::new(),
            primary_region: None,
            replicas: Vec::new(),
            cross_account_primary: None,
            cross_account_replicas: Vec::new(),
        }
    }

    fn state(s: Secret) -> State {
        State {
            secrets: BTreeMap::from([(s.arn.clone(), s)]),
        }
    }

    #[test]
    fn the_external_rotation_members_round_trip() {
        let item = ExternalSecretRotationMetadataItem {
            key: "partner".into(),
            value: "x".into(),
        };
        let role = "arn:aws:iam::111122223333:role/rotator";
        let mut s = secret(vec![item.clone()], Some(role));
        let link = CrossAccountLink {
            arn: "arn:aws:secretsmanager:us-east-1:444455556666:secret:r-XyZ789".into(),
            role_arn: Some(role.into()),
            status: "Failed".into(),
            message: Some("why".into()),
        };
        s.cross_account_primary = Some(link.clone());
        s.cross_account_replicas = vec![link.clone(), link.clone()];
        let bytes = state(s).encode();
        let back = State::decode(&bytes, &Bytes).unwrap();
        let s = back.secrets.values().next().unwrap();
        assert_eq!(
            (
                &s.external_rotation_metadata,
                s.external_rotation_role_arn.as_deref()
            ),
            (&vec![item], Some(role))
        );
        assert_eq!(
            (
                s.cross_account_primary.as_ref(),
                s.cross_account_replicas.len()
            ),
            (Some(&link), 2)
        );
        assert_eq!(*back.encode(), *bytes);
    }

    #[test]
    fn layout_1_is_still_read() {
        let v2 = state(secret(Vec::new(), None)).encode();
        // Layout 1 is layout 2 without the four trailing members (an empty list: 4 bytes, an
        // absent role: 1 byte, no primary: 1 byte, no replicas: 4 bytes).
        let mut v1 = vec![1u8];
        v1.extend_from_slice(&v2[1..v2.len() - 10]);
        let back = State::decode(&v1, &Bytes).unwrap();
        assert_eq!(*back.encode(), *v2);
        v1[0] = LAYOUT + 1;
        assert!(State::decode(&v1, &Bytes).is_err());
    }
}
