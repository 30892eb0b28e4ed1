"""The LocalSecretsManager methods that go through the core's model of Secrets Manager
(``datakey._secrets``): every operation of the model is a method, with botocore's
ParamValidationError, bytes and datetime conversion, and the service's exceptions."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

import datakey


def test_every_operation_of_the_model_is_a_method() -> None:
    assert len(datakey._datakey.SECRETS_OPERATIONS) == 26
    for op in datakey._datakey.SECRETS_OPERATIONS:
        assert callable(getattr(datakey.LocalSecretsManager, datakey._kms.method_name(op)))


def test_resource_policies_batch_get_and_cancel_rotate_through_the_model() -> None:
    sm = datakey.LocalSecretsManager(datakey.LocalKms())
    arn = sm.create_secret(Name="p", SecretString="v")["ARN"]
    sm.create_secret(Name="b", SecretBinary=b"\x00\xff")
    assert sm.list_resource_policies(SecretId="p")["ResourcePolicies"] == []
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
        "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]})
    put = sm.put_resource_policy(SecretId="p", ResourcePolicy=policy)
    assert (put["ARN"], put["PolicyName"]) == (arn, "default")
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert sm.list_resource_policies(SecretId="p")["ResourcePolicies"] == [{"PolicyName": "default"}]
    assert sm.get_resource_policy(SecretId="p")["ResourcePolicy"] == policy
    with pytest.raises(datakey.InvalidParameterException) as e:
        sm.put_resource_policy(SecretId="p", ResourcePolicy=policy, PolicyName="other")
    assert str(e.value).endswith(
        "You can only attach the default resource policy; PolicyName other is not default.")
    got = sm.batch_get_secret_value(SecretIdList=["p", "b", "missing"])
    values = {v["Name"]: v for v in got["SecretValues"]}
    assert values["b"]["SecretBinary"] == b"\x00\xff"
    assert isinstance(values["p"]["CreatedDate"], datetime) and values["p"]["CreatedDate"].tzinfo
    assert [x["ErrorCode"] for x in got["Errors"]] == ["ResourceNotFoundException"]
    with pytest.raises(datakey.ParamValidationError) as pe:
        sm.list_resource_policies(SecretId="p", Nope=1)
    assert 'Unknown parameter in input: "Nope"' in str(pe.value)
    with pytest.raises(datakey.ParamValidationError):
        sm.list_resource_policies(SecretId=3)
    with pytest.raises(datakey.ResourceNotFoundException):
        sm.delete_resource_policy(SecretId="missing")
    assert sm.delete_resource_policy(SecretId="p")["PolicyName"] == "default"
