#!/usr/bin/env python3
"""Writes model.rs: the input and output shapes of the KMS operations datakey implements, from
botocore's service model (kms/2014-11-01/service-2.json), as the static tables the wire validates
against and the bindings convert through.

    python3 core/src/wire/gen_model.py [path/to/service-2.json[.gz]] > core/src/wire/model.rs

Without a path it reads the model of the botocore importable by this Python. The test
core/tests/wire_model.rs re-reads the model and checks the table against it, member by member.
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


def load(path):
    source = path
    if path is None:
        import botocore

        base = os.path.join(os.path.dirname(botocore.__file__), "data", "kms", "2014-11-01")
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
    model, source = load(sys.argv[1] if len(sys.argv) > 1 else None)
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

    for op in IMPLEMENTED:
        o = model["operations"][op]
        for io in ("input", "output"):
            if io in o:
                visit(o[io]["shape"])

    out = []
    w = out.append
    w("//! The input and output shapes of the KMS operations datakey implements, generated from botocore's")
    w("//! `kms/2014-11-01/service-2.json` (%s) by `gen_model.py`; do not edit by hand:" % source)
    w("//! `python3 core/src/wire/gen_model.py > core/src/wire/model.rs`. `core/tests/wire_model.rs`")
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
            # Keys are JSON object keys (strings); no key shape of the KMS model has a constraint.
            key = shapes[s["key"]["shape"]]
            assert key["type"] == "string" and not set(key) & {"min", "max", "pattern", "enum"}, name
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
    w("/// The implemented operations, in `Operation::ALL` order.")
    w("pub(crate) static OPERATIONS: &[OperationModel] = &[")
    for op in IMPLEMENTED:
        o = model["operations"][op]
        inp, outp = ("Some(&%s)" % const_name(o[io]["shape"]) if io in o else "None" for io in ("input", "output"))
        w("    OperationModel { name: %s, input: %s, output: %s }," % (rs(op), inp, outp))
    w("];")
    w("")
    w("/// Every operation of the KMS API (%d), implemented or not." % len(model["operations"]))
    w("pub(crate) static KMS_OPERATIONS: &[&str] = &[")
    for op in sorted(model["operations"]):
        w("    %s," % rs(op))
    w("];")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
