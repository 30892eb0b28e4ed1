//! Rotation functions: what `RotateSecret` invokes in place of a Lambda function.

use std::sync::Arc;

use crate::error::Result;

/// A step of a rotation (`Step` of the Lambda event), in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotationStep {
    /// `createSecret`: put the new value as `AWSPENDING` with the event's token.
    CreateSecret,
    /// `setSecret`: set the new value in the database or service.
    SetSecret,
    /// `testSecret`: check that the new value works.
    TestSecret,
    /// `finishSecret`: move `AWSCURRENT` to the new version.
    FinishSecret,
}

impl RotationStep {
    /// The four steps of a rotation.
    pub const ALL: [RotationStep; 4] = [
        RotationStep::CreateSecret,
        RotationStep::SetSecret,
        RotationStep::TestSecret,
        RotationStep::FinishSecret,
    ];

    /// The step's name in the event (`createSecret`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            RotationStep::CreateSecret => "createSecret",
            RotationStep::SetSecret => "setSecret",
            RotationStep::TestSecret => "testSecret",
            RotationStep::FinishSecret => "finishSecret",
        }
    }
}

/// The event a rotation function receives, as Secrets Manager sends it to a Lambda function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationEvent {
    /// The step.
    pub step: RotationStep,
    /// The secret's ARN.
    pub secret_id: String,
    /// The id of the version being rotated in (`AWSPENDING`).
    pub client_request_token: String,
}

impl RotationEvent {
    /// The event as the JSON a Lambda handler receives:
    /// `{"Step": "createSecret", "SecretId": "<ARN>", "ClientRequestToken": "<id>"}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "Step": self.step.as_str(),
            "SecretId": self.secret_id,
            "ClientRequestToken": self.client_request_token,
        })
        .to_string()
    }
}

/// A rotation function: called once per step; an error fails the rotation at that step.
pub type RotationFunction = Arc<dyn Fn(&RotationEvent) -> Result<()> + Send + Sync>;
