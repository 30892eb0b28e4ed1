//! Key records: per-key state behind its own lock, versioned key material, and the lazy,
//! clock-driven transitions (deletion, expiry, automatic rotation).
//!
//! # The data plane reads without writing shared memory
//!
//! Writers (state changes, rotations, policies, imports, due transitions) take the key's write
//! lock through [`Key::write`], whose guard publishes an immutable [`Published`] snapshot of
//! what the data plane needs — state, materials, policy, the dates that make a transition due,
//! the propagation-delay history — before the lock is released. `GenerateDataKey`, `Encrypt`,
//! `Decrypt` and `ReEncrypt` read that snapshot through [`Key::view`] ([`arc_swap`]): no lock
//! and no reference count is touched, so two threads using one key do not bounce its cache
//! lines between their cores on every call (a read lock is an atomic write to the lock, an
//! `Arc` clone one to the count). A reader that loaded a snapshot before a change completes
//! with the state as it was when its call read it, exactly as it would have after taking the
//! read lock first; a call that starts after the change returned sees the change.

use core::fmt;
use core::ops::{Deref, DerefMut};
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, SystemTime};

use arc_swap::{ArcSwap, Guard};

use crate::error::{Error, Result};
use crate::secret::SecretBytes;

use super::blob::MATERIAL_ID_LEN;
use super::enums::{
    EncryptionAlgorithmSpec, ExpirationModel, KeyManager, KeySpec, KeyState, KeyUsage, Origin,
    RotationType,
};
use super::ids::hex;
use super::policy::KeyPolicy;
use super::rng::Rng;
use super::shapes::KeyMetadata;

/// Length of symmetric key material.
pub(crate) const MATERIAL_LEN: usize = 32;

/// `t + days` days, refusing (rather than panicking on) a clock near the end of time.
pub(crate) fn after_days(t: SystemTime, days: i64) -> Result<SystemTime> {
    u64::try_from(days)
        .ok()
        .and_then(|d| d.checked_mul(86_400))
        .and_then(|secs| t.checked_add(Duration::from_secs(secs)))
        .ok_or_else(|| Error::KmsInternal("the clock is out of the representable range".into()))
}

/// One version of a key's material. `Debug` shows only the (public) id.
pub(crate) struct Material {
    pub(crate) id: [u8; MATERIAL_ID_LEN],
    pub(crate) id_hex: String,
    pub(crate) secret: SecretBytes,
    /// Set when the material was created by a rotation.
    pub(crate) rotation: Option<(SystemTime, RotationType)>,
}

impl Material {
    /// Fresh random material with a random id.
    pub(crate) fn generate(
        rng: &Rng,
        rotation: Option<(SystemTime, RotationType)>,
    ) -> Result<Self> {
        let secret = rng.secret(MATERIAL_LEN)?;
        let mut id = [0u8; MATERIAL_ID_LEN];
        rng.fill(&mut id)?;
        Ok(Self {
            id,
            id_hex: hex(&id),
            secret,
            rotation,
        })
    }

    /// Imported material. Its id is derived from the material and the key id (HKDF-SHA256), so
    /// importing the same material again gives the same id and old blobs decrypt again.
    pub(crate) fn imported(key_id: &str, secret: SecretBytes) -> Result<Self> {
        let mut id = [0u8; MATERIAL_ID_LEN];
        crate::crypto::hkdf_sha256(
            Some(key_id.as_bytes()),
            secret.expose_secret(),
            b"datakey/kms/imported-material-id/v1",
            &mut id,
        )
        .map_err(|_| Error::KmsInternal("HKDF expansion failed".into()))?;
        Ok(Self {
            id,
            id_hex: hex(&id),
            secret,
            rotation: None,
        })
    }
}

impl fmt::Debug for Material {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Material")
            .field("id", &self.id_hex)
            .field("rotation", &self.rotation)
            .finish_non_exhaustive()
    }
}

/// A key: immutable facts plus mutable state behind its own lock.
#[derive(Debug)]
pub(crate) struct Key {
    pub(crate) key_id: String,
    pub(crate) arn: String,
    pub(crate) account_id: String,
    pub(crate) creation_date: SystemTime,
    pub(crate) spec: KeySpec,
    pub(crate) usage: KeyUsage,
    pub(crate) origin: Origin,
    pub(crate) multi_region: bool,
    /// The propagation delay: data-plane callers see changes this long after they happen.
    pub(crate) delay: Duration,
    /// The service's randomness (for automatic rotations).
    pub(crate) rng: Arc<Rng>,
    state: RwLock<KeyMut>,
    /// What the data plane reads: republished by every [`Key::write`] guard.
    published: ArcSwap<Published>,
}

/// What data-plane callers see of a key at a given time: its state, current material and
/// policy as they were `delay` after the last change visible by then.
#[derive(Debug, Clone)]
pub(crate) struct View {
    pub(crate) key_state: KeyState,
    pub(crate) current: Option<Arc<Material>>,
    pub(crate) policy: Arc<KeyPolicy>,
}

/// A [`View`] and the time from which data-plane callers see it.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    visible_from: SystemTime,
    view: View,
}

/// An immutable copy of what the data plane reads of a [`KeyMut`], published after every change.
#[derive(Debug)]
pub(crate) struct Published {
    key_state: KeyState,
    deletion_date: Option<SystemTime>,
    valid_to: Option<SystemTime>,
    next_rotation: Option<SystemTime>,
    /// Every material version (decryption looks blobs' materials up here).
    materials: Vec<Arc<Material>>,
    /// The live view.
    live: View,
    /// [`KeyMut::history`].
    history: Vec<Snapshot>,
}

impl Published {
    fn due(&self, now: SystemTime) -> bool {
        due(
            self.key_state,
            self.deletion_date,
            self.valid_to,
            self.next_rotation,
            now,
        )
    }
}

/// What data-plane callers see of a key at one time ([`Key::view`]): dereferences to the
/// [`View`], and finds materials by id, all in one published snapshot, without a lock.
pub(crate) struct ViewRef {
    snap: Guard<Arc<Published>>,
    /// The snapshot's history entry in force (with a propagation delay), else the live view.
    at: Option<usize>,
}

impl ViewRef {
    /// The material with this id (a lookup by the id recorded in the blob, never a trial).
    pub(crate) fn material(&self, id: &[u8; MATERIAL_ID_LEN]) -> Option<&Arc<Material>> {
        self.snap.materials.iter().rev().find(|m| &m.id == id)
    }
}

impl Deref for ViewRef {
    type Target = View;

    fn deref(&self) -> &View {
        self.at
            .and_then(|i| self.snap.history.get(i))
            .map_or(&self.snap.live, |s| &s.view)
    }
}

/// The write lock on a key's state; on release it publishes the new state to the data plane.
pub(crate) struct KeyWrite<'a> {
    st: RwLockWriteGuard<'a, KeyMut>,
    published: &'a ArcSwap<Published>,
}

impl Deref for KeyWrite<'_> {
    type Target = KeyMut;

    fn deref(&self) -> &KeyMut {
        &self.st
    }
}

impl DerefMut for KeyWrite<'_> {
    fn deref_mut(&mut self) -> &mut KeyMut {
        &mut self.st
    }
}

impl Drop for KeyWrite<'_> {
    fn drop(&mut self) {
        super::key_store::note_mutation();
        // Still under the write lock (fields drop after this): writers publish in lock order.
        self.published.store(Arc::new(self.st.publish()));
    }
}

/// The mutable part of a key.
#[derive(Debug)]
pub(crate) struct KeyMut {
    pub(crate) description: String,
    pub(crate) key_state: KeyState,
    pub(crate) deletion_date: Option<SystemTime>,
    pub(crate) pending_window_days: Option<i64>,
    /// Every material version, oldest first; the last one is current.
    pub(crate) materials: Vec<Arc<Material>>,
    /// Imported material waiting for `RotateKeyOnDemand`.
    pub(crate) pending_rotation: Option<Material>,
    /// The key was `PendingImport` when its deletion was scheduled (cancelling returns there).
    pub(crate) resume_pending_import: bool,
    pub(crate) rotation_period_days: Option<i64>,
    pub(crate) next_rotation: Option<SystemTime>,
    pub(crate) on_demand_rotations: u32,
    pub(crate) expiration_model: Option<ExpirationModel>,
    pub(crate) valid_to: Option<SystemTime>,
    /// The key policy.
    pub(crate) policy: Arc<KeyPolicy>,
    /// With a propagation delay: the views data-plane callers will see, by time (oldest
    /// first; the first is visible from the key's creation). Empty without a delay.
    pub(crate) history: Vec<Snapshot>,
}

/// What [`Key::refresh`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Fresh {
    Live,
    /// The deletion window has passed: the key must be removed.
    Deleted,
}

impl Key {
    // A crate-private constructor called from one place (`create_key`); the arguments are the
    // key's immutable facts, named at the call site.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        key_id: String,
        arn: String,
        account_id: String,
        creation_date: SystemTime,
        spec: KeySpec,
        usage: KeyUsage,
        origin: Origin,
        multi_region: bool,
        description: String,
        material: Option<Material>,
        policy: Arc<KeyPolicy>,
        delay: Duration,
        rng: Arc<Rng>,
    ) -> Self {
        let key_state = if origin == Origin::External {
            KeyState::PendingImport
        } else {
            KeyState::Enabled
        };
        let mut st = KeyMut {
            description,
            key_state,
            deletion_date: None,
            pending_window_days: None,
            materials: material.map(Arc::new).into_iter().collect(),
            pending_rotation: None,
            resume_pending_import: false,
            rotation_period_days: None,
            next_rotation: None,
            on_demand_rotations: 0,
            expiration_model: None,
            valid_to: None,
            policy,
            history: Vec::new(),
        };
        if !delay.is_zero() {
            // The key itself is visible at once; only later changes are delayed.
            let view = st.live_view();
            st.history.push(Snapshot {
                visible_from: creation_date,
                view,
            });
        }
        let published = ArcSwap::from_pointee(st.publish());
        Self {
            key_id,
            arn,
            account_id,
            creation_date,
            spec,
            usage,
            origin,
            multi_region,
            delay,
            rng,
            state: RwLock::new(st),
            published,
        }
    }

    /// What data-plane callers see at `now` (the live state when there is no delay), read from
    /// the published snapshot: no lock, no shared write.
    pub(crate) fn view(&self, now: SystemTime) -> ViewRef {
        let snap = self.published.load();
        let at = (!snap.history.is_empty()).then(|| {
            snap.history
                .partition_point(|s| s.visible_from <= now)
                .saturating_sub(1)
        });
        ViewRef { snap, at }
    }

    /// Records the state after a change made at `at`: data-plane callers see it from
    /// `at + delay`. Call with the write lock held, after every change they can observe.
    pub(crate) fn record(&self, st: &mut KeyMut, at: SystemTime) {
        st.record(at, self.delay);
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, KeyMut> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// The write lock; releasing it publishes the state to the data plane ([`KeyWrite`]).
    pub(crate) fn write(&self) -> KeyWrite<'_> {
        KeyWrite {
            st: self.state.write().unwrap_or_else(PoisonError::into_inner),
            published: &self.published,
        }
    }

    /// Applies the transitions that are due at `now`: nothing is locked when nothing is due
    /// (the common case: one look at the published snapshot), the write lock otherwise.
    pub(crate) fn refresh(&self, now: SystemTime) -> Result<Fresh> {
        if !self.published.load().due(now) {
            return Ok(Fresh::Live);
        }
        let rotates = self.rotates_automatically();
        self.write().apply_due(now, rotates, self.delay, &self.rng)
    }

    /// Only symmetric keys with KMS-generated material rotate automatically.
    pub(crate) fn rotates_automatically(&self) -> bool {
        self.spec == KeySpec::SymmetricDefault && self.origin == Origin::AwsKms
    }

    /// The metadata `DescribeKey` reports.
    pub(crate) fn metadata(&self, st: &KeyMut) -> KeyMetadata {
        let usage = self.usage;
        let encryption_algorithms = match (usage, self.spec) {
            (KeyUsage::EncryptDecrypt, KeySpec::SymmetricDefault) => {
                vec![EncryptionAlgorithmSpec::SymmetricDefault]
            }
            (KeyUsage::EncryptDecrypt, KeySpec::Sm2) => vec![EncryptionAlgorithmSpec::Sm2pke],
            (KeyUsage::EncryptDecrypt, _) => vec![
                EncryptionAlgorithmSpec::RsaesOaepSha1,
                EncryptionAlgorithmSpec::RsaesOaepSha256,
            ],
            _ => Vec::new(),
        };
        let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let signing_algorithms = if usage == KeyUsage::SignVerify {
            strings(match self.spec {
                KeySpec::EccNistP256 | KeySpec::EccSecgP256k1 => &["ECDSA_SHA_256"],
                KeySpec::EccNistP384 => &["ECDSA_SHA_384"],
                KeySpec::EccNistP521 => &["ECDSA_SHA_512"],
                KeySpec::EccNistEdwards25519 => &["ED25519_SHA_512", "ED25519_PH_SHA_512"],
                KeySpec::MlDsa44 | KeySpec::MlDsa65 | KeySpec::MlDsa87 => &["ML_DSA_SHAKE_256"],
                KeySpec::Sm2 => &["SM2DSA"],
                _ => &[
                    "RSASSA_PSS_SHA_256",
                    "RSASSA_PSS_SHA_384",
                    "RSASSA_PSS_SHA_512",
                    "RSASSA_PKCS1_V1_5_SHA_256",
                    "RSASSA_PKCS1_V1_5_SHA_384",
                    "RSASSA_PKCS1_V1_5_SHA_512",
                ],
            })
        } else {
            Vec::new()
        };
        let mac_algorithms = strings(match self.spec {
            KeySpec::Hmac224 => &["HMAC_SHA_224"],
            KeySpec::Hmac256 => &["HMAC_SHA_256"],
            KeySpec::Hmac384 => &["HMAC_SHA_384"],
            KeySpec::Hmac512 => &["HMAC_SHA_512"],
            _ => &[],
        });
        let key_agreement_algorithms = if usage == KeyUsage::KeyAgreement {
            strings(&["ECDH"])
        } else {
            Vec::new()
        };
        KeyMetadata {
            aws_account_id: self.account_id.clone(),
            key_id: self.key_id.clone(),
            arn: self.arn.clone(),
            creation_date: self.creation_date,
            enabled: st.key_state == KeyState::Enabled,
            description: st.description.clone(),
            key_usage: usage,
            key_state: st.key_state,
            deletion_date: st.deletion_date,
            valid_to: st.valid_to,
            origin: self.origin,
            key_manager: KeyManager::Customer,
            key_spec: self.spec,
            encryption_algorithms,
            signing_algorithms,
            mac_algorithms,
            key_agreement_algorithms,
            multi_region: self.multi_region,
            pending_deletion_window_in_days: st.pending_window_days,
            expiration_model: st.expiration_model,
            current_key_material_id: match st.key_state {
                KeyState::PendingImport => None,
                _ => st.current().map(|m| m.id_hex.clone()),
            },
        }
    }

    // ----- state checks with KMS's messages ------------------------------------------------

    /// The check of the cryptographic operations (Encrypt, Decrypt, ReEncrypt,
    /// GenerateDataKey*): only `Enabled` passes.
    pub(crate) fn require_usable(&self, state: KeyState) -> Result<()> {
        match state {
            KeyState::Enabled => Ok(()),
            KeyState::Disabled => Err(Error::Disabled(format!("{} is disabled.", self.arn))),
            KeyState::PendingDeletion => Err(self.pending_deletion()),
            KeyState::PendingImport => Err(self.pending_import()),
            other => Err(Error::KmsInvalidState(format!(
                "{} is {}.",
                self.arn,
                other.as_str().to_lowercase()
            ))),
        }
    }

    pub(crate) fn pending_deletion(&self) -> Error {
        Error::KmsInvalidState(format!("{} is pending deletion.", self.arn))
    }

    pub(crate) fn pending_import(&self) -> Error {
        Error::KmsInvalidState(format!("{} is pending import.", self.arn))
    }

    pub(crate) fn disabled(&self) -> Error {
        Error::Disabled(format!("{} is disabled.", self.arn))
    }

    /// `<ARN> key usage is <USAGE> which is not valid for <Operation>.`
    pub(crate) fn wrong_usage(&self, operation: &str) -> Error {
        Error::InvalidKeyUsage(format!(
            "{} key usage is {} which is not valid for {operation}.",
            self.arn,
            self.usage.as_str()
        ))
    }

    /// `<ARN> origin is <ORIGIN> which is not valid for this operation.`
    pub(crate) fn wrong_origin(&self) -> Error {
        Error::UnsupportedOperation(format!(
            "{} origin is {} which is not valid for this operation.",
            self.arn,
            self.origin.as_str()
        ))
    }

    /// `<ARN> key spec is <SPEC> which is not valid for this operation.`
    pub(crate) fn wrong_spec(&self) -> Error {
        Error::UnsupportedOperation(format!(
            "{} key spec is {} which is not valid for this operation.",
            self.arn,
            self.spec.as_str()
        ))
    }
}

/// Whether a lazy transition (deletion, expiry of imported material, automatic rotation) is
/// due at `now`.
fn due(
    key_state: KeyState,
    deletion_date: Option<SystemTime>,
    valid_to: Option<SystemTime>,
    next_rotation: Option<SystemTime>,
    now: SystemTime,
) -> bool {
    let deletion =
        key_state == KeyState::PendingDeletion && deletion_date.is_some_and(|d| now >= d);
    let expiry = matches!(key_state, KeyState::Enabled | KeyState::Disabled)
        && valid_to.is_some_and(|v| now >= v);
    let rotation = key_state == KeyState::Enabled && next_rotation.is_some_and(|n| now >= n);
    deletion || expiry || rotation
}

impl KeyMut {
    /// The snapshot the data plane reads.
    fn publish(&self) -> Published {
        Published {
            key_state: self.key_state,
            deletion_date: self.deletion_date,
            valid_to: self.valid_to,
            next_rotation: self.next_rotation,
            materials: self.materials.clone(),
            live: self.live_view(),
            history: self.history.clone(),
        }
    }

    /// The state as it is now.
    fn live_view(&self) -> View {
        View {
            key_state: self.key_state,
            current: self.current().cloned(),
            policy: Arc::clone(&self.policy),
        }
    }

    /// See [`Key::record`].
    pub(crate) fn record(&mut self, at: SystemTime, delay: Duration) {
        if delay.is_zero() {
            return;
        }
        let visible_from = at.checked_add(delay).unwrap_or(at);
        let view = self.live_view();
        let i = self
            .history
            .partition_point(|s| s.visible_from <= visible_from);
        self.history.insert(i, Snapshot { visible_from, view });
        // Snapshots superseded before `at` can never be seen again.
        let visible_now = self.history.partition_point(|s| s.visible_from <= at);
        if visible_now > 1 {
            self.history.drain(..visible_now - 1);
        }
    }

    /// The material new ciphertexts use.
    pub(crate) fn current(&self) -> Option<&Arc<Material>> {
        self.materials.last()
    }

    fn apply_due(
        &mut self,
        now: SystemTime,
        rotates: bool,
        delay: Duration,
        rng: &Rng,
    ) -> Result<Fresh> {
        if self.key_state == KeyState::PendingDeletion
            && self.deletion_date.is_some_and(|d| now >= d)
        {
            return Ok(Fresh::Deleted);
        }
        if matches!(self.key_state, KeyState::Enabled | KeyState::Disabled)
            && self.valid_to.is_some_and(|v| now >= v)
        {
            // Imported material expired: KMS deletes it and the key waits for a re-import.
            let at = self.valid_to.unwrap_or(now);
            self.key_state = KeyState::PendingImport;
            self.valid_to = None;
            self.record(at, delay);
        }
        if rotates && self.key_state == KeyState::Enabled {
            self.rotate_automatically(now, delay, rng)?;
        }
        Ok(Fresh::Live)
    }

    /// One new material per rotation period that has fully elapsed since the scheduled date,
    /// each dated when it was due; the schedule then points at the next period.
    fn rotate_automatically(&mut self, now: SystemTime, delay: Duration, rng: &Rng) -> Result<()> {
        let (Some(mut next), Some(days)) = (self.next_rotation, self.rotation_period_days) else {
            return Ok(());
        };
        while now >= next {
            let m = Material::generate(rng, Some((next, RotationType::Automatic)))?;
            self.materials.push(Arc::new(m));
            self.record(next, delay);
            next = after_days(next, days)?;
        }
        self.next_rotation = Some(next);
        Ok(())
    }

    /// When a disabled key is enabled again: a rotation that fell due meanwhile happens at
    /// once, and the schedule restarts from now.
    pub(crate) fn catch_up_rotation(&mut self, now: SystemTime, rng: &Rng) -> Result<()> {
        if let (Some(next), Some(days)) = (self.next_rotation, self.rotation_period_days)
            && now >= next
        {
            let m = Material::generate(rng, Some((now, RotationType::Automatic)))?;
            self.materials.push(Arc::new(m));
            self.next_rotation = Some(after_days(now, days)?);
        }
        Ok(())
    }
}
