//! Cross-account replication: a primary secret's labelled versions copied into a replica
//! secret of another account in the same region — decrypted as the caller under the primary's
//! key, encrypted again as the same caller under the replica's customer managed key — when the
//! replica is associated and after every change of the primary.
//!
//! The replica's owner creates it first (`CreateSecret` with `CrossAccountPrimaryARN`, status
//! `Pending`); the primary's owner then calls `AssociateCrossAccountReplica`, which needs
//! `secretsmanager:GetSecretValue` on the primary, `secretsmanager:AcceptCrossAccountReplication`
//! on the replica (the replica's resource policy must allow the caller's account), `kms:Decrypt`
//! on the primary's key and `kms:GenerateDataKey` on the replica's key (its key policy must
//! allow the caller's account). If any of these fails, neither secret changes.

use crate::error::{Error, Result};

use super::state::{CrossAccountLink, Secret, Version};
use super::{
    AssociateCrossAccountReplicaRequest, AssociateCrossAccountReplicaResponse, CreateSecretRequest,
    DEFAULT_KEY_ALIAS, DisassociateCrossAccountReplicaRequest,
    DisassociateCrossAccountReplicaResponse, LocalSecretsManager, MSG_NOT_FOUND, Value, check_len,
    check_secret_id,
};

/// What the owner of a cross-account replica can do to it besides reading it (the replica
/// operations of a region replica): its resource policy (which must allow the primary's
/// account to `AcceptCrossAccountReplication`) and its tags. Its values come only from the
/// primary, until `StopReplicationToReplica`.
pub(super) const OWNER_OPS: &[&str] = &[
    "PutResourcePolicy",
    "DeleteResourcePolicy",
    "TagResource",
    "UntagResource",
];

pub(super) const MSG_CROSS_ACCOUNT_REPLICA: &str = "Operation not permitted on a cross-account \
                                                    replica secret. Call must be made on its \
                                                    primary secret, in the primary's account.";

/// `(partition, region, account)` of a secret ARN.
fn secret_arn_parts(arn: &str) -> Option<(&str, &str, &str)> {
    let mut p = arn.splitn(7, ':');
    let (Some("arn"), Some(partition), Some("secretsmanager"), Some(region), Some(account)) =
        (p.next(), p.next(), p.next(), p.next(), p.next())
    else {
        return None;
    };
    let (Some("secret"), Some(name)) = (p.next(), p.next()) else {
        return None;
    };
    let account_ok = account.len() == 12 && account.bytes().all(|c| c.is_ascii_digit());
    (account_ok && !partition.is_empty() && !region.is_empty() && !name.is_empty())
        .then_some((partition, region, account))
}

impl LocalSecretsManager {
    /// Makes `other` (the service of another account in the same region) reachable for
    /// cross-account replication, and this one from it. The services refer to each other
    /// weakly (dropping one unlinks it).
    ///
    /// # Errors
    ///
    /// [`Error::Validation`] for a service of the same account, of another region, or this
    /// very service.
    pub fn link_account(&self, other: &LocalSecretsManager) -> Result<()> {
        let (a, b) = (&self.kms, &other.kms);
        if a.same_service(b) || a.region() != b.region() || a.account_id() == b.account_id() {
            return Err(Error::Validation(format!(
                "A linked account must be another account ({} here, {} there) in the same \
                 Region ({} here, {} there).",
                a.account_id(),
                b.account_id(),
                a.region(),
                b.region()
            )));
        }
        let link = |from: &LocalSecretsManager, to: &LocalSecretsManager| {
            from.shared()
                .accounts
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(to.kms.account_id().to_owned(), to.kms.downgrade());
        };
        link(self, other);
        link(other, self);
        Ok(())
    }

    /// The linked account's Secrets Manager, as this caller (a principal of another account
    /// there).
    fn account(&self, account: &str) -> Result<LocalSecretsManager> {
        let peer = self
            .shared()
            .accounts
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(account)
            .and_then(|w| w.upgrade())
            .ok_or_else(|| {
                Error::InvalidParameter(format!(
                    "Account {account} is not an account linked to this datakey service in \
                     Region {} (LocalSecretsManager::link_account).",
                    self.kms.region()
                ))
            })?;
        Ok(LocalSecretsManager {
            kms: peer.as_caller(self.kms.caller())?,
            raw: self.raw,
        })
    }

    /// The account of `arn`, a secret of another account in this region and partition.
    fn other_account<'a>(&self, arn: &'a str, member: &str) -> Result<&'a str> {
        let partition = crate::kms::partition_of(self.kms.region());
        match secret_arn_parts(arn) {
            Some((p, r, account))
                if p == partition && r == self.kms.region() && account != self.kms.account_id() =>
            {
                Ok(account)
            }
            _ => Err(Error::InvalidParameter(format!(
                "Invalid {member} {arn}: it must be the ARN of a secret of another account in \
                 the same Region ({}) and partition.",
                self.kms.region()
            ))),
        }
    }

    /// `CreateSecret` with `CrossAccountPrimaryARN`: the members the model forbids with it,
    /// the customer managed key it needs, and the primary's ARN.
    pub(super) fn check_cross_account_replica(
        &self,
        req: &CreateSecretRequest,
        primary: &str,
    ) -> Result<()> {
        check_len("crossAccountPrimaryARN", primary, 20, 2048)?;
        if req.secret_string.is_some()
            || req.secret_binary.is_some()
            || req.description.is_some()
            || !req.add_replica_regions.is_empty()
            || req.secret_type.is_some()
        {
            return Err(Error::InvalidParameter(
                "You can't include SecretString, SecretBinary, Description, AddReplicaRegions, \
                 or Type when you create a cross-account replica secret (CrossAccountPrimaryARN)."
                    .to_owned(),
            ));
        }
        let key = req.kms_key_id.as_deref().unwrap_or_default();
        if key.is_empty() || key.ends_with(DEFAULT_KEY_ALIAS) {
            return Err(Error::InvalidParameter(
                "A cross-account replica secret must be encrypted with a customer managed KMS \
                 key: include KmsKeyId."
                    .to_owned(),
            ));
        }
        self.other_account(primary, "CrossAccountPrimaryARN")
            .map(drop)
    }

    /// Writes the primary's `payload` into the replica `replica_arn` of this (the replica's)
    /// account, checking first that it was created as a replica of `primary_arn` (and, at
    /// association, that the caller may `AcceptCrossAccountReplication` on it).
    fn write_cross_account_replica(
        &self,
        primary_arn: &str,
        replica_arn: &str,
        payload: &[(Version, Option<Value>)],
        accept: bool,
    ) -> Result<()> {
        let now = self.kms.service_now();
        self.txn(now, || {
            let mut r = if accept {
                self.secret_for(replica_arn, "AcceptCrossAccountReplication", now, false)?
            } else {
                self.shared()
                    .read()
                    .secrets
                    .get(replica_arn)
                    .cloned()
                    .ok_or_else(|| Error::ResourceNotFound(MSG_NOT_FOUND.to_owned()))?
            };
            let Some(link) = r
                .cross_account_primary
                .as_mut()
                .filter(|l| l.arn == primary_arn)
            else {
                return Err(Error::InvalidRequest(format!(
                    "The secret {replica_arn} is not a cross-account replica of {primary_arn}: \
                     create it with CreateSecret and CrossAccountPrimaryARN."
                )));
            };
            if link.status == "Detached" && !accept {
                return Ok(());
            }
            link.status = "InSync".to_owned();
            link.message = None;
            let mut versions = Vec::with_capacity(payload.len());
            for (v, value) in payload {
                let sealed = match value {
                    Some(value) => {
                        Some(self.seal(r.kms_key_id.as_deref(), replica_arn, &v.id, value)?)
                    }
                    None => None,
                };
                versions.push(Version {
                    sealed,
                    last_accessed: None,
                    ..v.clone()
                });
            }
            r.versions = versions;
            r.last_changed = now;
            self.shared().write().secrets.insert(r.arn.clone(), r);
            Ok(())
        })
    }

    /// Brings the cross-account replicas of `secret` up to date (statuses record failures).
    pub(super) fn push_cross_account(&self, secret: &Secret, payload: &[(Version, Option<Value>)]) {
        let mut statuses = Vec::new();
        for link in secret
            .cross_account_replicas
            .iter()
            .filter(|l| l.status != "Detached")
        {
            let done = self
                .other_account(&link.arn, "CrossAccountReplicaARN")
                .and_then(|account| self.account(account))
                .and_then(|peer| {
                    peer.write_cross_account_replica(&secret.arn, &link.arn, payload, false)
                });
            let (status, message) = match done {
                Ok(()) => ("InSync", None),
                Err(e) => ("Failed", Some(e.message())),
            };
            statuses.push(CrossAccountLink {
                status: status.to_owned(),
                message,
                ..link.clone()
            });
        }
        if statuses.is_empty() {
            return;
        }
        let _ = self.kms.transaction(|| {
            if let Some(s) = self.shared().write().secrets.get_mut(&secret.arn) {
                for st in &statuses {
                    if let Some(l) = s
                        .cross_account_replicas
                        .iter_mut()
                        .find(|l| l.arn == st.arn)
                    {
                        *l = st.clone();
                    }
                }
            }
            Ok(())
        });
    }

    /// `AssociateCrossAccountReplica`: links the primary `secret_id` to the replica secret
    /// `cross_account_replica_arn` of another linked account and copies the primary's labelled
    /// versions into it; later changes of the primary follow. Idempotent for the same
    /// replica (it repairs a failed replication).
    ///
    /// # Errors
    ///
    /// `InvalidParameterException` for a replica ARN outside this region or of this account,
    /// or an account not linked ([`link_account`](Self::link_account));
    /// `LimitExceededException` when the primary already has another cross-account replica;
    /// `InvalidRequestException` when the replica was not created as a replica of this primary,
    /// on a replica, or for a secret marked for deletion; `ResourceNotFoundException`;
    /// `AccessDeniedException` from either secret's resource policy or either key's policy;
    /// the KMS failures of the keys. On any error neither secret changes.
    pub fn associate_cross_account_replica(
        &self,
        req: AssociateCrossAccountReplicaRequest,
    ) -> Result<AssociateCrossAccountReplicaResponse> {
        let now = self.begin("AssociateCrossAccountReplica")?;
        check_secret_id(&req.secret_id)?;
        check_len(
            "crossAccountReplicaARN",
            &req.cross_account_replica_arn,
            20,
            2048,
        )?;
        if let Some(r) = &req.replica_restriction
            && r != "SameOrg"
            && r != "NoRestriction"
        {
            return Err(Error::Validation(format!(
                "1 validation error detected: Value '{r}' at 'replicaRestriction' failed to \
                 satisfy constraint: Member must satisfy enum value set: [SameOrg, NoRestriction]"
            )));
        }
        if let Some(role) = &req.replication_role_arn {
            check_len("replicationRoleARN", role, 20, 2048)?;
        }
        let replica_arn = req.cross_account_replica_arn.as_str();
        let peer = self.account(self.other_account(replica_arn, "CrossAccountReplicaARN")?)?;
        let (primary, payload) = self.txn(now, || {
            let s = self.secret_for(&req.secret_id, "AssociateCrossAccountReplica", now, false)?;
            self.authorize(&s, "GetSecretValue", now)?;
            if let Some(other) = s
                .cross_account_replicas
                .iter()
                .find(|l| l.arn != replica_arn)
            {
                return Err(Error::LimitExceeded(format!(
                    "A primary secret can have at most one cross-account replica; {} already \
                     has {}.",
                    s.arn, other.arn
                )));
            }
            let payload = self.replica_payload(&s)?;
            Ok((s, payload))
        })?;
        peer.write_cross_account_replica(&primary.arn, replica_arn, &payload, true)?;
        self.txn(now, || {
            let mut state = self.shared().write();
            let s = state
                .secrets
                .get_mut(&primary.arn)
                .ok_or_else(|| Error::ResourceNotFound(MSG_NOT_FOUND.to_owned()))?;
            s.cross_account_replicas = vec![CrossAccountLink {
                arn: replica_arn.to_owned(),
                role_arn: req.replication_role_arn.clone(),
                status: "InSync".to_owned(),
                message: None,
            }];
            s.last_changed = now;
            Ok(())
        })?;
        Ok(AssociateCrossAccountReplicaResponse {
            arn: primary.arn,
            cross_account_replica_arn: replica_arn.to_owned(),
            replication_status: "InSync".to_owned(),
        })
    }

    /// `DisassociateCrossAccountReplica`: the primary stops replicating to the replica, whose
    /// status becomes `Detached` (it stays a replica until `StopReplicationToReplica` in its
    /// account).
    ///
    /// # Errors
    ///
    /// `InvalidParameterException` for a replica the primary does not have;
    /// `ResourceNotFoundException`; `InvalidRequestException` on a replica.
    pub fn disassociate_cross_account_replica(
        &self,
        req: DisassociateCrossAccountReplicaRequest,
    ) -> Result<DisassociateCrossAccountReplicaResponse> {
        let now = self.begin("DisassociateCrossAccountReplica")?;
        check_secret_id(&req.secret_id)?;
        let replica_arn = req.cross_account_replica_arn.as_str();
        let account = self.other_account(replica_arn, "CrossAccountReplicaARN")?;
        let arn = self.txn(now, || {
            let mut s =
                self.secret_for(&req.secret_id, "DisassociateCrossAccountReplica", now, true)?;
            if !s
                .cross_account_replicas
                .iter()
                .any(|l| l.arn == replica_arn)
            {
                return Err(Error::InvalidParameter(format!(
                    "The secret {} has no cross-account replica {replica_arn}.",
                    s.arn
                )));
            }
            s.cross_account_replicas.retain(|l| l.arn != replica_arn);
            s.last_changed = now;
            let arn = s.arn.clone();
            self.shared().write().secrets.insert(arn.clone(), s);
            Ok(arn)
        })?;
        if let Ok(peer) = self.account(account) {
            let t = peer.kms.service_now();
            let _ = peer.txn(t, || {
                if let Some(link) = peer
                    .shared()
                    .write()
                    .secrets
                    .get_mut(replica_arn)
                    .and_then(|r| r.cross_account_primary.as_mut())
                    .filter(|l| l.arn == arn)
                {
                    link.status = "Detached".to_owned();
                    link.message = None;
                }
                Ok(())
            });
        }
        Ok(DisassociateCrossAccountReplicaResponse {
            arn,
            cross_account_replica_arn: replica_arn.to_owned(),
        })
    }

    /// After `StopReplicationToReplica` on the cross-account replica `replica_arn`: its
    /// primary records it `Detached` (stopped by the replica).
    pub(super) fn detach_from_primary(&self, replica_arn: &str, primary_arn: &str) {
        let Some((_, _, account)) = secret_arn_parts(primary_arn) else {
            return;
        };
        let Ok(peer) = self.account(account) else {
            return;
        };
        let t = peer.kms.service_now();
        let _ = peer.txn(t, || {
            if let Some(link) = peer
                .shared()
                .write()
                .secrets
                .get_mut(primary_arn)
                .and_then(|p| {
                    p.cross_account_replicas
                        .iter_mut()
                        .find(|l| l.arn == replica_arn)
                })
            {
                link.status = "Detached".to_owned();
                link.message = None;
            }
            Ok(())
        });
    }
}

#[cfg(test)]
mod tests {
    use super::secret_arn_parts;

    #[test]
    fn secret_arns_are_split() {
        assert_eq!(
            secret_arn_parts("arn:aws:secretsmanager:us-east-1:111122223333:secret:a/b-AbC123"),
            Some(("aws", "us-east-1", "111122223333"))
        );
        assert_eq!(
            secret_arn_parts("arn:aws:secretsmanager:us-east-1:1111:secret:a"),
            None
        );
        assert_eq!(
            secret_arn_parts("arn:aws:kms:us-east-1:111122223333:key/abc"),
            None
        );
    }
}
