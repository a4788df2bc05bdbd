#!/usr/bin/env python3
"""validate-profile.py SCHEMA PROFILE.yaml: exit 0 when the YAML profile matches the JSON Schema.

Run with Debian's /usr/bin/python3 (python3-yaml, python3-jsonschema)."""
import json
import sys

import jsonschema
import yaml

schema = json.load(open(sys.argv[1]))
document = yaml.safe_load(open(sys.argv[2]))
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
for error in errors:
    print(f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}")
sys.exit(1 if errors else 0)
