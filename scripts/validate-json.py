#!/usr/bin/env python3
"""validate-json.py SCHEMA DOCUMENT: exit 0 when DOCUMENT matches the JSON Schema."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
document = json.load(open(sys.argv[2]))
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
for error in errors:
    print(f"{'/'.join(map(str, error.absolute_path))}: {error.message}")
sys.exit(1 if errors else 0)
