"""botocore's own request serializer and response parser against datakey's wire model.

Driven by core/tests/wire_botocore.rs: each request botocore serializes (after its client-side
parameter validation, as a client does) is written to stdout as one JSON line
{"target", "body"}; the Rust side answers with one line {"status", "headers", "body"} from
datakey::wire::dispatch_kms, which botocore's JSON parser then parses exactly as a boto3 client
would (blobs to bytes, timestamps to datetimes, errors to Code/Message). No HTTP and no
signature: those are the server's.
"""

import base64
import datetime
import json
import sys

import botocore.parsers
import botocore.serialize
import botocore.session
import botocore.validate

model = botocore.session.get_session().get_service_model("kms")
serializer = botocore.serialize.create_serializer("json", include_validation=True)
parser = botocore.parsers.create_parser("json")
checks = 0


def call(op, **params):
    """Sends one operation through the Rust side; returns botocore's parsed response."""
    operation = model.operation_model(op)
    request = serializer.serialize_to_request(params, operation)
    body = request["body"]
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    target = request["headers"]["X-Amz-Target"]
    assert request["headers"]["Content-Type"] == "application/x-amz-json-1.1", request["headers"]
    print(json.dumps({"target": target, "body": body}), flush=True)
    answer = json.loads(sys.stdin.readline())
    response = {
        "status_code": answer["status"],
        "headers": answer["headers"],
        "body": answer["body"].encode("utf-8"),
    }
    return parser.parse(response, operation.output_shape)


def check(cond, what):
    global checks
    if not cond:
        raise AssertionError(what)
    checks += 1


def error(parsed):
    return parsed.get("Error", {}).get("Code"), parsed.get("Error", {}).get("Message")


md = call("CreateKey", Description="botocore", Tags=[])["KeyMetadata"]
key_id = md["KeyId"]
check(isinstance(md["CreationDate"], datetime.datetime), md)
check(md["CreationDate"].tzinfo is not None, md)
check(md["KeySpec"] == "SYMMETRIC_DEFAULT" and md["Enabled"] is True, md)
check(md["EncryptionAlgorithms"] == ["SYMMETRIC_DEFAULT"], md)

ec = {"tenant": "acme", "purpose": "botocore"}
dk = call("GenerateDataKey", KeyId=key_id, KeySpec="AES_256", EncryptionContext=ec)
check(isinstance(dk["Plaintext"], bytes) and len(dk["Plaintext"]) == 32, dk)
check(isinstance(dk["CiphertextBlob"], bytes), dk)
check(dk["KeyId"] == md["Arn"], dk)
back = call("Decrypt", CiphertextBlob=dk["CiphertextBlob"], EncryptionContext=ec)
check(back["Plaintext"] == dk["Plaintext"], back)
check(back["KeyMaterialId"] == md["CurrentKeyMaterialId"], back)

enc = call("Encrypt", KeyId=key_id, Plaintext=b"\x00\x01secret\xff")
other = call("CreateKey")["KeyMetadata"]["KeyId"]
re = call("ReEncrypt", CiphertextBlob=enc["CiphertextBlob"], DestinationKeyId=other)
check(re["SourceKeyId"] == md["Arn"], re)
check(call("Decrypt", CiphertextBlob=re["CiphertextBlob"])["Plaintext"] == b"\x00\x01secret\xff", re)

check(len(call("GenerateRandom", NumberOfBytes=1024)["Plaintext"]) == 1024, "random")
page = call("ListKeys", Limit=1)
check(page["Truncated"] is True and len(page["Keys"]) == 1, page)
rest = call("ListKeys", Marker=page["NextMarker"])
check(rest["Truncated"] is False and len(rest["Keys"]) == 1, rest)

check(call("EnableKeyRotation", KeyId=key_id, RotationPeriodInDays=90)["ResponseMetadata"] is not None, "rotation")
status = call("GetKeyRotationStatus", KeyId=key_id)
check(status["KeyRotationEnabled"] is True and isinstance(status["NextRotationDate"], datetime.datetime), status)
call("CreateAlias", AliasName="alias/botocore", TargetKeyId=key_id)
aliases = call("ListAliases", KeyId=key_id)["Aliases"]
check(aliases[0]["AliasName"] == "alias/botocore", aliases)
check(isinstance(aliases[0]["CreationDate"], datetime.datetime), aliases)
deletion = call("ScheduleKeyDeletion", KeyId=other, PendingWindowInDays=7)
check(isinstance(deletion["DeletionDate"], datetime.datetime), deletion)
check(deletion["KeyState"] == "PendingDeletion", deletion)

# Errors, as ClientError would carry them.
check(error(call("DescribeKey", KeyId="alias/nope")) == (
    "NotFoundException", "Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found."), "not found")
# botocore checks only minimums: the maximum is the server's.
check(error(call("GenerateDataKey", KeyId=key_id, NumberOfBytes=2000)) == (
    "ValidationException",
    "1 validation error detected: Value '2000' at 'numberOfBytes' failed to satisfy constraint: "
    "Member must have value less than or equal to 1024"), "max")
check(error(call("Decrypt", CiphertextBlob=dk["CiphertextBlob"])) == ("InvalidCiphertextException", ""), "ec")
check(error(call("GenerateDataKey", KeyId=other, KeySpec="AES_128"))[0] == "KMSInvalidStateException", "state")
check(error(call("GenerateDataKey", KeyId=key_id, KeySpec="AES_128", DryRun=True)) == (
    "DryRunOperationException", "The request would have succeeded, but the DryRun option is set."), "dry run")
check(error(call("Encrypt", KeyId=key_id, Plaintext=b"x", GrantTokens=["token"]))[0] == "InvalidGrantTokenException", "grants")
# A botocore model member datakey refuses rather than drops.
check(error(call("CreateKey", Tags=[{"TagKey": "team", "TagValue": "a"}]))[0] == "UnsupportedOperationException", "tags")

print(json.dumps({"done": checks}), flush=True)
