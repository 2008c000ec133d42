#!/usr/bin/env python3
"""Validates slicemark sidecar files against their JSON Schema (2020-12): a file whose "schema"
is "slicemark/1" against schemas/sidecar-v1.schema.json, every other file against
schemas/sidecar.schema.json (slicemark/2).

usage: validate-sidecar.py FILE...   (prints one line per problem; exit status 1 if any)
"""
import json
import os
import sys

import jsonschema

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas")


def validator(name):
    with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def main(paths):
    validators = {"slicemark/1": validator("sidecar-v1.schema.json")}
    current = validator("sidecar.schema.json")
    failures = 0
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
        except (OSError, ValueError) as error:
            print(f"{path}: not readable JSON: {error}")
            failures += 1
            continue
        chosen = validators.get(document.get("schema"), current) if isinstance(document, dict) else current
        for error in sorted(chosen.iter_errors(document), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
            print(f"{path}: {where}: {error.message}")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
