//! Replication of secrets to the other regions of one datakey service: a primary secret's
//! labelled versions are copied — decrypted in the primary's region, encrypted again under the
//! replica's key in the replica's region — when it is replicated and after every change.

use std::cell::RefCell;
use std::time::SystemTime;

use crate::error::{Error, Result};

use super::state::{Replica, Secret, Version};
use super::{
    LocalSecretsManager, MSG_NOT_FOUND, RemoveRegionsFromReplicationRequest,
    ReplicateSecretToRegionsRequest, ReplicationResponse, ReplicationStatusType, SecretIdRequest,
    Value,
};

/// The operations a replica secret answers (the others are made on its primary).
pub(super) const REPLICA_OPS: &[&str] = &[
    "GetSecretValue",
    "DescribeSecret",
    "ListSecretVersionIds",
    "GetResourcePolicy",
    "ListResourcePolicies",
    "ValidateResourcePolicy",
    "StopReplicationToReplica",
    // The replica side of `AssociateCrossAccountReplica` (an IAM action, not an operation).
    "AcceptCrossAccountReplication",
];

/// What `StopReplicationToReplica` detached a replica from.
enum Stopped {
    /// The primary's region.
    Region(String),
    /// The cross-account primary's ARN.
    Account(String),
}

pub(super) const MSG_REPLICA: &str =
    "Operation not permitted on a replica secret. Call must be made in primary secret's region.";

thread_local! {
    /// Primary secrets changed by the running transaction (their replicas follow after it).
    static CHANGED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

pub(super) fn note_changed(arn: &str) {
    CHANGED.with(|c| {
        let mut c = c.borrow_mut();
        if !c.iter().any(|a| a == arn) {
            c.push(arn.to_owned());
        }
    });
}

pub(super) fn take_changed() -> Vec<String> {
    CHANGED.with(|c| std::mem::take(&mut *c.borrow_mut()))
}

pub(super) fn status(r: &Replica) -> ReplicationStatusType {
    ReplicationStatusType {
        region: r.region.clone(),
        kms_key_id: r.kms_key_id.clone(),
        status: r.status.clone(),
        status_message: r.message.clone(),
    }
}

fn region_ok(r: &str) -> bool {
    let Some((head, digits)) = r.rsplit_once('-') else {
        return false;
    };
    !digits.is_empty()
        && digits.bytes().all(|c| c.is_ascii_digit())
        && head
            .split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_lowercase()))
}

/// The ARN of the replica of `primary_arn` in `region` (same name and suffix).
fn replica_arn(primary_arn: &str, region: &str) -> String {
    let parts: Vec<&str> = primary_arn.splitn(5, ':').collect();
    match parts.as_slice() {
        [arn, partition, service, _, rest] => {
            format!("{arn}:{partition}:{service}:{region}:{rest}")
        }
        _ => primary_arn.to_owned(),
    }
}

impl LocalSecretsManager {
    /// Makes `other` (a service of the same account in another region) a region of this
    /// datakey service, and this one a region of it, so that secrets can be replicated
    /// between them. The services refer to each other weakly (dropping one unlinks it).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a service of another account, of the same region, or this
    /// very service.
    pub fn link_region(&self, other: &LocalSecretsManager) -> Result<()> {
        let (a, b) = (&self.kms, &other.kms);
        if a.same_service(b) || a.region() == b.region() || a.account_id() != b.account_id() {
            return Err(Error::Validation(format!(
                "A linked region must be another region ({} here, {} there) of the same account \
                 ({} here, {} there).",
                a.region(),
                b.region(),
                a.account_id(),
                b.account_id()
            )));
        }
        let link = |from: &LocalSecretsManager, to: &LocalSecretsManager| {
            from.shared()
                .regions
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(to.kms.region().to_owned(), to.kms.downgrade());
        };
        link(self, other);
        link(other, self);
        Ok(())
    }

    /// This caller's Secrets Manager in the linked `region`.
    fn region(&self, region: &str) -> Result<LocalSecretsManager> {
        let peer = self
            .shared()
            .regions
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(region)
            .and_then(|w| w.upgrade())
            .ok_or_else(|| {
                Error::InvalidParameter(format!(
                    "Invalid Region {region}: it is not a region of this datakey service \
                     (LocalSecretsManager::link_region)."
                ))
            })?;
        let kms = if self.kms.caller_is_home() && self.kms.principal().ends_with(":root") {
            peer
        } else {
            peer.as_caller(self.kms.caller())?
        };
        Ok(LocalSecretsManager { kms, raw: self.raw })
    }

    /// The primary's labelled versions with their values (decrypted as the caller).
    pub(super) fn replica_payload(&self, secret: &Secret) -> Result<Vec<(Version, Option<Value>)>> {
        secret
            .versions
            .iter()
            .filter(|v| !v.stages.is_empty())
            .map(|v| {
                let value = match &v.sealed {
                    Some(sealed) => Some(self.open(sealed, &secret.arn, &v.id)?),
                    None => None,
                };
                Ok((v.clone(), value))
            })
            .collect()
    }

    /// Writes the replica of `primary` in this (the replica's) region.
    fn write_replica(
        &self,
        primary: &Secret,
        home: &str,
        payload: &[(Version, Option<Value>)],
        kms_key_id: Option<&str>,
        force: bool,
    ) -> Result<()> {
        let arn = replica_arn(&primary.arn, self.kms.region());
        let now = self.kms.service_now();
        self.txn(now, || {
            let existing = self
                .shared()
                .read()
                .secrets
                .values()
                .find(|s| s.name == primary.name)
                .map(|s| (s.arn.clone(), s.primary_region.clone()));
            if let Some((old, of)) = existing {
                let ours = old == arn && of.as_deref() == Some(home);
                if !ours && !force {
                    return Err(Error::ResourceExists(format!(
                        "Replication failed: a secret named {} already exists in {}. Use \
                         ForceOverwriteReplicaSecret to replace it.",
                        primary.name,
                        self.kms.region()
                    )));
                }
                self.shared().write().secrets.remove(&old);
            }
            let mut versions = Vec::with_capacity(payload.len());
            for (v, value) in payload {
                let sealed = match value {
                    Some(value) => Some(self.seal(kms_key_id, &arn, &v.id, value)?),
                    None => None,
                };
                versions.push(Version {
                    sealed,
                    ..v.clone()
                });
            }
            let replica = Secret {
                arn: arn.clone(),
                kms_key_id: kms_key_id.map(str::to_owned),
                primary_region: Some(home.to_owned()),
                replicas: Vec::new(),
                versions,
                last_accessed: None,
                cross_account_primary: None,
                cross_account_replicas: Vec::new(),
                ..primary.clone()
            };
            self.shared().write().secrets.insert(arn.clone(), replica);
            Ok(())
        })
    }

    /// Brings every replica of the primary `arn` up to date (statuses record failures).
    pub(super) fn sync_replicas(&self, arn: &str) {
        let now = self.kms.service_now();
        let Ok((secret, payload)) = self.txn(now, || {
            let s = self
                .shared()
                .read()
                .secrets
                .get(arn)
                .cloned()
                .ok_or_else(|| Error::ResourceNotFound(MSG_NOT_FOUND.to_owned()))?;
            let payload = self.replica_payload(&s)?;
            Ok((s, payload))
        }) else {
            return;
        };
        self.push(&secret, &payload, false);
        self.push_cross_account(&secret, &payload);
    }

    /// Writes `secret`'s replicas from `payload` and records each one's status.
    fn push(&self, secret: &Secret, payload: &[(Version, Option<Value>)], force: bool) {
        let home = self.kms.region().to_owned();
        let mut statuses = Vec::new();
        for r in &secret.replicas {
            let done = self.region(&r.region).and_then(|peer| {
                peer.write_replica(secret, &home, payload, r.kms_key_id.as_deref(), force)
            });
            let (status, message) = match done {
                Ok(()) => ("InSync", None),
                Err(e) => ("Failed", Some(e.message())),
            };
            statuses.push(Replica {
                status: status.to_owned(),
                message,
                ..r.clone()
            });
        }
        let now = self.kms.service_now();
        let _ = self.kms.transaction(|| {
            if let Some(s) = self.shared().write().secrets.get_mut(&secret.arn) {
                for st in &statuses {
                    if let Some(r) = s.replicas.iter_mut().find(|r| r.region == st.region) {
                        *r = st.clone();
                    }
                }
            }
            let _ = now;
            Ok(())
        });
    }

    /// `ReplicateSecretToRegions`: copies the secret's labelled versions to each region
    /// (under the replica's key there), and keeps them in sync after every change.
    ///
    /// # Errors
    ///
    /// `ValidationException` for a malformed region; `InvalidParameterException` for a region
    /// not linked to this service, or this service's own; `InvalidRequestException` for a
    /// replica or a secret marked for deletion. A replica that cannot be written is reported
    /// `Failed` in the answer, with the reason.
    pub fn replicate_secret_to_regions(
        &self,
        req: ReplicateSecretToRegionsRequest,
    ) -> Result<ReplicationResponse> {
        let now = self.begin("ReplicateSecretToRegions")?;
        super::check_secret_id(&req.secret_id)?;
        for r in &req.add_replica_regions {
            if !region_ok(&r.region) {
                return Err(Error::Validation(format!(
                    "1 validation error detected: Value '{}' at 'addReplicaRegions.member.region' \
                     failed to satisfy constraint: Member must satisfy regular expression \
                     pattern: ^([a-z]+-)+\\d+$",
                    r.region
                )));
            }
            if r.region == self.kms.region() {
                return Err(Error::InvalidParameter(format!(
                    "Invalid replica Region {}: it is the secret's own Region.",
                    r.region
                )));
            }
            self.region(&r.region)?;
        }
        let (secret, payload) = self.txn(now, || {
            let mut s = self.secret_for(&req.secret_id, "ReplicateSecretToRegions", now, false)?;
            for r in &req.add_replica_regions {
                let entry = Replica {
                    region: r.region.clone(),
                    kms_key_id: r.kms_key_id.clone().filter(|k| !k.is_empty()),
                    status: "InProgress".to_owned(),
                    message: None,
                };
                match s.replicas.iter_mut().find(|x| x.region == r.region) {
                    Some(x) => *x = entry,
                    None => s.replicas.push(entry),
                }
            }
            let payload = self.replica_payload(&s)?;
            self.shared()
                .write()
                .secrets
                .insert(s.arn.clone(), s.clone());
            Ok((s, payload))
        })?;
        self.push(
            &secret,
            &payload,
            req.force_overwrite_replica_secret.unwrap_or(false),
        );
        self.replication_response(&secret.arn)
    }

    fn replication_response(&self, arn: &str) -> Result<ReplicationResponse> {
        let state = self.shared().read();
        let s = state
            .secrets
            .get(arn)
            .ok_or_else(|| Error::ResourceNotFound(MSG_NOT_FOUND.to_owned()))?;
        Ok(ReplicationResponse {
            arn: s.arn.clone(),
            replication_status: s.replicas.iter().map(status).collect(),
        })
    }

    /// `RemoveRegionsFromReplication`: deletes the replicas in those regions.
    ///
    /// # Errors
    ///
    /// `InvalidParameterException` for a region that holds no replica of the secret;
    /// `ResourceNotFoundException`; `InvalidRequestException` on a replica.
    pub fn remove_regions_from_replication(
        &self,
        req: RemoveRegionsFromReplicationRequest,
    ) -> Result<ReplicationResponse> {
        let now = self.begin("RemoveRegionsFromReplication")?;
        super::check_secret_id(&req.secret_id)?;
        let secret = self.txn(now, || {
            let mut s =
                self.secret_for(&req.secret_id, "RemoveRegionsFromReplication", now, true)?;
            if let Some(r) = req
                .remove_replica_regions
                .iter()
                .find(|r| !s.replicas.iter().any(|x| &x.region == *r))
            {
                return Err(Error::InvalidParameter(format!(
                    "The secret is not replicated to Region {r}."
                )));
            }
            s.replicas
                .retain(|x| !req.remove_replica_regions.contains(&x.region));
            self.shared()
                .write()
                .secrets
                .insert(s.arn.clone(), s.clone());
            Ok(s)
        })?;
        for region in &req.remove_replica_regions {
            if let Ok(peer) = self.region(region) {
                let arn = replica_arn(&secret.arn, region);
                let t = peer.kms.service_now();
                let _ = peer.txn(t, || {
                    peer.shared().write().secrets.remove(&arn);
                    Ok(())
                });
            }
        }
        self.replication_response(&secret.arn)
    }

    /// `StopReplicationToReplica` (called in the replica's region): the replica becomes a
    /// standalone secret; its primary forgets it.
    ///
    /// # Errors
    ///
    /// `InvalidRequestException` for a secret that is not a replica;
    /// `ResourceNotFoundException`.
    pub fn stop_replication_to_replica(&self, req: SecretIdRequest) -> Result<String> {
        let now = self.begin("StopReplicationToReplica")?;
        super::check_secret_id(&req.secret_id)?;
        let (arn, primary) = self.txn(now, || {
            let mut s = self.secret_for(&req.secret_id, "StopReplicationToReplica", now, true)?;
            if let Some(link) = s.cross_account_primary.take() {
                s.last_changed = now;
                let out = (s.arn.clone(), Stopped::Account(link.arn));
                self.shared().write().secrets.insert(s.arn.clone(), s);
                return Ok(out);
            }
            let Some(primary) = s.primary_region.take() else {
                return Err(Error::InvalidRequest(
                    "The secret is not a replica: StopReplicationToReplica is called in the \
                     Region of a replica secret."
                        .to_owned(),
                ));
            };
            s.last_changed = now;
            let out = (s.arn.clone(), Stopped::Region(primary));
            self.shared().write().secrets.insert(s.arn.clone(), s);
            Ok(out)
        })?;
        let primary = match primary {
            Stopped::Region(r) => r,
            Stopped::Account(primary_arn) => {
                self.detach_from_primary(&arn, &primary_arn);
                return Ok(arn);
            }
        };
        if let Ok(peer) = self.region(&primary) {
            let primary_arn = replica_arn(&arn, &primary);
            let region = self.kms.region().to_owned();
            let t: SystemTime = peer.kms.service_now();
            let _ = peer.txn(t, || {
                if let Some(p) = peer.shared().write().secrets.get_mut(&primary_arn) {
                    p.replicas.retain(|r| r.region != region);
                }
                Ok(())
            });
        }
        Ok(arn)
    }
}
