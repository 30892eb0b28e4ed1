#!/usr/bin/env python3
"""Writes the wire's constraint tables: the input and output shapes of the operations datakey
implements, from botocore's service models, as the static tables the wire validates against and
the bindings convert through. One table per service:

    python3 core/src/wire/gen_model.py [path/to/service-2.json[.gz]] > core/src/wire/model.rs
    python3 core/src/wire/gen_model.py --service secretsmanager [path] > core/src/wire/secrets_model.rs

(KMS's kms/2014-11-01 and Secrets Manager's secretsmanager/2017-10-17.) Without a path it reads
the model of the botocore importable by this Python. The tests core/tests/wire_model.rs and
core/tests/wire_secrets.rs re-read the models and check the tables against them.
"""
import gzip
import json
import os
import re
import sys

# The operations of datakey::kms::Operation, in its order.
IMPLEMENTED = """CreateKey DescribeKey ListKeys EnableKey DisableKey ScheduleKeyDeletion
CancelKeyDeletion CreateAlias UpdateAlias DeleteAlias ListAliases GenerateDataKey
GenerateDataKeyWithoutPlaintext Encrypt Decrypt ReEncrypt GenerateRandom RotateKeyOnDemand
EnableKeyRotation DisableKeyRotation GetKeyRotationStatus ListKeyRotations ImportKeyMaterial
PutKeyPolicy GetKeyPolicy""".split()

# The operations of datakey::secrets::LocalSecretsManager, in the order of its docs.
SECRETS_IMPLEMENTED = """CreateSecret GetSecretValue BatchGetSecretValue PutSecretValue UpdateSecret
UpdateSecretVersionStage DescribeSecret ListSecrets ListSecretVersionIds DeleteSecret RestoreSecret
GetRandomPassword TagResource UntagResource PutResourcePolicy GetResourcePolicy
DeleteResourcePolicy ValidateResourcePolicy RotateSecret CancelRotateSecret
ReplicateSecretToRegions RemoveRegionsFromReplication StopReplicationToReplica""".split()

# service: (model directory, implemented operations, what the table's docs call it, the name of
# the list of every operation, the module the table is written to)
SERVICES = {
    "kms": ("kms/2014-11-01", IMPLEMENTED, "KMS", "KMS_OPERATIONS", "model.rs", "wire_model.rs"),
    "secretsmanager": (
        "secretsmanager/2017-10-17",
        SECRETS_IMPLEMENTED,
        "Secrets Manager",
        "SECRETS_OPERATIONS",
        "secrets_model.rs",
        "wire_secrets.rs",
    ),
}


def load(path, service="kms"):
    source = path
    if path is None:
        import botocore

        base = os.path.join(os.path.dirname(botocore.__file__), "data", *SERVICES[service][0].split("/"))
        path = os.path.join(base, "service-2.json")
        if not os.path.exists(path):
            path += ".gz"
        source = "botocore %s" % botocore.__version__
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f), source


def const_name(shape):
    return "S_" + re.sub(r"(?<!^)(?=[A-Z])", "_", shape).upper()


def rs(s):
    # A Rust string literal: JSON escapes except \uXXXX, which Rust writes \u{XXXX}.
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif 0x20 <= ord(ch) < 0x7F:
            out.append(ch)
        else:
            out.append("\\u{%x}" % ord(ch))
    return '"' + "".join(out) + '"'


def opt(v):
    return "None" if v is None else "Some(%d)" % v


def main():
    args = sys.argv[1:]
    service = "kms"
    if args[:1] == ["--service"]:
        service, args = args[1], args[2:]
    model_dir, implemented, title, all_name, module, test = SERVICES[service]
    model, source = load(args[0] if args else None, service)
    shapes = model["shapes"]
    emitted = {}
    order = []

    def visit(name):
        if name in emitted:
            return
        emitted[name] = None
        s = shapes[name]
        t = s["type"]
        if t == "structure":
            for m in s["members"].values():
                visit(m["shape"])
        elif t == "list":
            visit(s["member"]["shape"])
        elif t == "map":
            visit(s["value"]["shape"])
        order.append(name)

    for op in implemented:
        o = model["operations"][op]
        for io in ("input", "output"):
            if io in o:
                visit(o[io]["shape"])

    # The shapes a request can hold (map keys with constraints are allowed only elsewhere).
    in_request = set()

    def visit_input(name):
        if name in in_request:
            return
        in_request.add(name)
        s = shapes[name]
        if s["type"] == "structure":
            for m in s["members"].values():
                visit_input(m["shape"])
        elif s["type"] == "list":
            visit_input(s["member"]["shape"])
        elif s["type"] == "map":
            visit_input(s["value"]["shape"])

    for op in implemented:
        if "input" in model["operations"][op]:
            visit_input(model["operations"][op]["input"]["shape"])

    out = []
    w = out.append
    flag = "" if service == "kms" else " --service %s" % service
    w("//! The input and output shapes of the %s operations datakey implements, generated from botocore's" % title)
    w("//! `%s/service-2.json` (%s) by `gen_model.py`; do not edit by hand:" % (model_dir, source))
    w("//! `python3 core/src/wire/gen_model.py%s > core/src/wire/%s`. `core/tests/%s`" % (flag, module, test))
    w("//! checks the wire against the installed botocore's model, constraint by constraint.")
    w("")
    w("use super::validate::{Member, OperationModel, Shape};")
    w("")
    for name in order:
        s = shapes[name]
        t = s["type"]
        c = const_name(name)
        if t == "string":
            enum = s.get("enum")
            vals = "&[" + ", ".join(rs(v) for v in enum) + "]" if enum else "&[]"
            pat = "Some(%s)" % rs(s["pattern"]) if "pattern" in s else "None"
            w(
                "static %s: Shape = Shape::String { min: %s, max: %s, pattern: %s, values: %s, sensitive: %s };"
                % (c, opt(s.get("min")), opt(s.get("max")), pat, vals, str(bool(s.get("sensitive"))).lower())
            )
        elif t in ("integer", "long"):
            w("static %s: Shape = Shape::Integer { min: %s, max: %s };" % (c, opt(s.get("min")), opt(s.get("max"))))
        elif t == "boolean":
            w("static %s: Shape = Shape::Boolean;" % c)
        elif t == "blob":
            w(
                "static %s: Shape = Shape::Blob { min: %s, max: %s, sensitive: %s };"
                % (c, opt(s.get("min")), opt(s.get("max")), str(bool(s.get("sensitive"))).lower())
            )
        elif t == "timestamp":
            w("static %s: Shape = Shape::Timestamp;" % c)
        elif t == "list":
            w(
                "static %s: Shape = Shape::List { member: &%s, min: %s, max: %s };"
                % (c, const_name(s["member"]["shape"]), opt(s.get("min")), opt(s.get("max")))
            )
        elif t == "map":
            # Keys are JSON object keys (strings); no key shape a request can hold has a
            # constraint (Secrets Manager's version ids as keys are in responses only).
            key = shapes[s["key"]["shape"]]
            assert key["type"] == "string", name
            assert name not in in_request or not set(key) & {"min", "max", "pattern", "enum"}, name
            w(
                "static %s: Shape = Shape::Map { value: &%s, min: %s, max: %s };"
                % (c, const_name(s["value"]["shape"]), opt(s.get("min")), opt(s.get("max")))
            )
        elif t == "structure":
            req = set(s.get("required", []))
            w("static %s: Shape = Shape::Structure(&[" % c)
            for mname, m in s["members"].items():
                w(
                    "    Member { name: %s, shape: &%s, required: %s },"
                    % (rs(mname), const_name(m["shape"]), str(mname in req).lower())
                )
            w("]);")
        else:
            raise SystemExit("unhandled shape type %s (%s)" % (t, name))
    w("")
    if service == "kms":
        w("/// The implemented operations, in `Operation::ALL` order.")
    else:
        w("/// The implemented operations.")
    w("pub(crate) static OPERATIONS: &[OperationModel] = &[")
    for op in implemented:
        o = model["operations"][op]
        inp, outp = ("Some(&%s)" % const_name(o[io]["shape"]) if io in o else "None" for io in ("input", "output"))
        w("    OperationModel { name: %s, input: %s, output: %s }," % (rs(op), inp, outp))
    w("];")
    w("")
    w("/// Every operation of the %s API (%d), implemented or not." % (title, len(model["operations"])))
    w("pub(crate) static %s: &[&str] = &[" % all_name)
    for op in sorted(model["operations"]):
        w("    %s," % rs(op))
    w("];")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
