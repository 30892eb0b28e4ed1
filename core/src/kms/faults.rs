//! Fault injection: transient KMS exceptions raised on purpose, per operation, by rate or for
//! the next N calls, so that retry logic can be tested offline.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::error::{Error, Result};

use super::enums::{FaultKind, Operation};
use super::rng::Rng;

/// When an injected fault fires.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FaultTrigger {
    /// On each matching call with this probability (0.0..=1.0), drawn from the fault seed.
    Rate(f64),
    /// On each of the next N matching calls, then never again (the rule is removed).
    NextCalls(u32),
}

/// One fault injection rule.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    /// The exception to raise.
    pub fault: FaultKind,
    /// The operations it applies to; empty means every operation.
    pub operations: Vec<Operation>,
    /// When it fires.
    pub trigger: FaultTrigger,
}

impl FaultRule {
    /// A rule raising `fault` on each of the next `n` calls of `operations` (empty: any).
    pub fn next_calls(fault: FaultKind, operations: &[Operation], n: u32) -> Self {
        Self {
            fault,
            operations: operations.to_vec(),
            trigger: FaultTrigger::NextCalls(n),
        }
    }

    /// A rule raising `fault` with probability `rate` on calls of `operations` (empty: any).
    pub fn rate(fault: FaultKind, operations: &[Operation], rate: f64) -> Self {
        Self {
            fault,
            operations: operations.to_vec(),
            trigger: FaultTrigger::Rate(rate),
        }
    }

    fn applies_to(&self, op: Operation) -> bool {
        self.operations.is_empty() || self.operations.contains(&op)
    }
}

/// The rules in force and the seeded stream their rates draw from.
pub(crate) struct Faults {
    /// Fast path: no lock is taken while no rule is installed.
    active: AtomicBool,
    rules: Mutex<Vec<FaultRule>>,
    rng: Rng,
}

impl Faults {
    pub(crate) fn new(rng: Rng) -> Self {
        Self {
            active: AtomicBool::new(false),
            rules: Mutex::new(Vec::new()),
            rng,
        }
    }

    pub(crate) fn add(&self, rule: FaultRule) -> Result<()> {
        if let FaultTrigger::Rate(r) = rule.trigger
            && !(0.0..=1.0).contains(&r)
        {
            return Err(Error::Validation(format!(
                "A fault rate must be between 0.0 and 1.0, not {r}."
            )));
        }
        let mut rules = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        rules.push(rule);
        self.active.store(true, Ordering::Release);
        Ok(())
    }

    pub(crate) fn clear(&self) {
        let mut rules = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        rules.clear();
        self.active.store(false, Ordering::Release);
    }

    pub(crate) fn rules(&self) -> Vec<FaultRule> {
        self.rules
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The fault to raise for this call of `op`, if any: the first rule (in the order they
    /// were added) that fires. A `Rate` rule draws from the stream only on calls it applies to.
    pub(crate) fn check(&self, op: Operation) -> Result<()> {
        if !self.active.load(Ordering::Acquire) {
            return Ok(());
        }
        let mut rules = self.rules.lock().unwrap_or_else(PoisonError::into_inner);
        let mut fired: Option<FaultKind> = None;
        for rule in rules.iter_mut() {
            if !rule.applies_to(op) {
                continue;
            }
            let fire = match &mut rule.trigger {
                FaultTrigger::NextCalls(0) => false,
                FaultTrigger::NextCalls(n) => {
                    *n -= 1;
                    true
                }
                FaultTrigger::Rate(r) => {
                    // 53 random bits: a uniform double in [0, 1).
                    let x = (self.rng.next_u64()? >> 11) as f64 / (1u64 << 53) as f64;
                    x < *r
                }
            };
            if fire {
                fired = Some(rule.fault);
                break;
            }
        }
        rules.retain(|r| r.trigger != FaultTrigger::NextCalls(0));
        if rules.is_empty() {
            self.active.store(false, Ordering::Release);
        }
        match fired {
            Some(fault) => Err(fault.to_error()),
            None => Ok(()),
        }
    }
}
