#!/usr/bin/python3
# kcidb-validate.py SCHEMA FILE...: validate kcidb.json files against the
# pinned KCIDB schema (tests/schemas/README.md) as kcidb-io does: JSON
# Schema Draft 7 with format checks. Prints one line per error, naming the
# file and the path to the bad field; exits 1 on any.
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    bad = 0
    for path in sys.argv[2:]:
        for err in validator.iter_errors(json.load(open(path))):
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: /{where}: {err.message[:300]}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
