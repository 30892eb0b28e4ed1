//! What other local AWS services (Secrets Manager, [`crate::secrets`]) need from KMS: its
//! operations called on a caller's behalf (`kms:ViaService`) inside the caller's store
//! transaction, and the AWS managed keys (`alias/aws/<service>`) they create on first use.

use std::sync::Arc;

use crate::error::Result;

use super::ids::RESERVED_ALIAS_PREFIX;
use super::{Alias, CreateKeyPolicy, CreateKeyRequest, LocalKms};

impl LocalKms {
    /// This handle (same caller) calling KMS through `service` (`kms:ViaService`, for example
    /// `secretsmanager.us-east-1.amazonaws.com`).
    pub(crate) fn via_service(&self, service: &str) -> LocalKms {
        LocalKms {
            inner: Arc::clone(&self.inner),
            caller: self.caller.clone(),
            via_service: Some(Arc::from(service)),
        }
    }

    /// The Secrets Manager state kept with this service's keys.
    pub(crate) fn secrets_shared(&self) -> &crate::secrets::Shared {
        &self.inner.secrets
    }

    /// Runs `op` as one store transaction (on disk before it returns; nothing changed if it
    /// fails). Inside it, use only the `*_in_transaction` operations below.
    pub(crate) fn transaction<T>(&self, op: impl FnOnce() -> Result<T>) -> Result<T> {
        self.persisted(op)
    }

    /// Whether an `alias/aws/…` alias points at the key (an AWS managed key).
    pub(crate) fn is_aws_managed(&self, key_id: &str) -> bool {
        self.inner
            .aliases_published
            .load()
            .iter()
            .any(|(name, a)| name.starts_with(RESERVED_ALIAS_PREFIX) && a.target_key_id == key_id)
    }

    /// The key ARN of the AWS managed key `alias_name` (`alias/aws/<service>`), created with
    /// `description` and `policy` on first use, inside a [`transaction`](Self::transaction).
    pub(crate) fn aws_managed_key_in_transaction(
        &self,
        alias_name: &str,
        description: &str,
        policy: &str,
    ) -> Result<String> {
        if let Some(a) = self.aliases_read().get(alias_name) {
            return Ok(self.key_arn(&a.target_key_id));
        }
        let created = self.create_key_inner(
            CreateKeyRequest {
                description: Some(description.to_owned()),
                ..Default::default()
            },
            Some(CreateKeyPolicy {
                policy: policy.to_owned(),
                bypass_policy_lockout_safety_check: Some(true),
            }),
        )?;
        let meta = created.key_metadata;
        let now = self.now();
        self.aliases_write().insert(
            alias_name.to_owned(),
            Alias {
                target_key_id: meta.key_id.clone(),
                creation_date: now,
                last_updated_date: now,
            },
        );
        self.record_alias(alias_name, Some(meta.key_id), now);
        Ok(meta.arn)
    }
}

impl LocalKms {
    /// The start of another service's operation `action` (for example
    /// `secretsmanager:GetSecretValue`): the caller's session credentials, at the service's
    /// clock. Returns the time of the call.
    pub(crate) fn begin_service_call(&self, action: &str) -> Result<std::time::SystemTime> {
        let now = self.now();
        self.check_session(now, action)?;
        Ok(now)
    }

    /// The service's clock.
    pub(crate) fn service_now(&self) -> std::time::SystemTime {
        self.now()
    }

    /// Whether this handle's caller belongs to the service's account (and partition).
    pub(crate) fn caller_is_home(&self) -> bool {
        self.is_home(self.principal())
    }

    /// `AccessDeniedException` for a caller of another account doing `action` on `resource`.
    pub(crate) fn other_account_error(&self, action: &str, resource: &str) -> crate::Error {
        self.other_account(action.to_owned(), resource.to_owned())
    }

    /// Checks a resource policy document of `service` (`secretsmanager`): the same grammar as
    /// key policies, with that service's actions.
    pub(crate) fn parse_resource_policy(service: &str, text: &str) -> Result<KeyPolicy> {
        KeyPolicy::parse_for(service, text)
    }

    /// Evaluates a resource policy for this handle's caller doing `action` on `resource` at
    /// `now`.
    pub(crate) fn evaluate_resource_policy(
        &self,
        policy: &KeyPolicy,
        action: &str,
        resource: &str,
        now: std::time::SystemTime,
    ) -> core::result::Result<(), crate::AccessDeniedReason> {
        policy.evaluate(&PolicyRequest {
            principal: self.principal(),
            action,
            resource,
            now,
            source_ip: self.source_ip(),
            encryption_context: None,
            via_service: None,
        })
    }

    /// Fills `buf` from the service's random source (deterministic in the test mode).
    pub(crate) fn fill_random(&self, buf: &mut [u8]) -> Result<()> {
        self.inner.rng.fill(buf)
    }
}

/// Records that another service's state kept in the store changed, so that the running
/// transaction writes it (see `persist`).
pub(crate) fn note_change() {
    super::key_store::note_mutation();
}

pub(crate) use super::policy::KeyPolicy;
use super::policy::PolicyRequest;

/// A handle on a service that does not keep it alive (regions of one datakey service refer
/// to each other without a reference cycle).
#[derive(Clone)]
pub(crate) struct WeakKms(std::sync::Weak<super::Inner>);

impl WeakKms {
    /// The service, if it still exists (as the account root).
    pub(crate) fn upgrade(&self) -> Option<LocalKms> {
        self.0.upgrade().map(|inner| LocalKms {
            inner,
            caller: None,
            via_service: None,
        })
    }
}

impl LocalKms {
    /// A [`WeakKms`] on this service.
    pub(crate) fn downgrade(&self) -> WeakKms {
        WeakKms(Arc::downgrade(&self.inner))
    }

    /// Whether two handles are on the same service.
    pub(crate) fn same_service(&self, other: &LocalKms) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}
