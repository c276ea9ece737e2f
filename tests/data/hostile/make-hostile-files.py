#!/usr/bin/env python3
"""Regenerates the small hostile JSON files of tests/data/hostile from
tests/data/small.json, one defect each. Each file is paired in expected.txt
with a phrase its error message must contain; test-hostile.c and
test-cli.sh read that list. Large and deeply nested inputs are made by the
tests at run time."""
import os

here = os.path.dirname(os.path.abspath(__file__))
small = open(os.path.join(here, "..", "small.json"), "rb").read()

def write(name, data):
    open(os.path.join(here, name), "wb").write(data)

def edit(name, old, new):
    assert small.count(old) == 1, old
    write(name, small.replace(old, new))

write("empty.json", b"")
write("whitespace.json", b" \n\t\r\n  \n")
write("deep-65.json", b"[" * 65 + b"]" * 65 + b"\n")
edit("big-integer.json", b'"seed": 42', b'"seed": 9223372036854775808')
edit("negative-big-integer.json", b'"hbm_gb": 0', b'"hbm_gb": -9223372036854775809')
edit("infinite-number.json", b'"unit_capex": 40000', b'"unit_capex": 1e999')
edit("duplicate-key.json", b'"seed": 42', b'"seed": 42, "seed": 43')
edit("duplicate-escaped-key.json", b'"format": "gigawatt-scenario"',
     b'"format": "gigawatt-scenario", "form\\u0061t": "gigawatt-scenario"')
edit("nul-in-name.json", b'"name": "G1"', b'"name": "G1\\u0000; DROP TABLE"')
edit("nul-in-key.json", b'"name": "G1"', b'"name\\u0000x": "G1"')
edit("lone-surrogate.json", b'"name": "G1"', b'"name": "G1\\ud800"')
edit("not-utf8.json", b'"name": "G1"', b'"name": "G1\xc3\x28"')
edit("control-character.json", b'"name": "G1"', b'"name": "G1\x1b[31m"')
write("trailing-data.json", small + b'{"format": "gigawatt-scenario"}\n')
edit("schema-0.9.json", b'"schema_version": "2.0"', b'"schema_version": "0.9"')
edit("schema-number.json", b'"schema_version": "2.0"', b'"schema_version": 2.0')
edit("trailing-comma.json", b'"actuals": []', b'"actuals": [],')
edit("leading-zero.json", b'"horizon": 4', b'"horizon": 04')
