#!/usr/bin/env python3
"""validate-json.py SCHEMA DOCUMENT...: exit 0 when every DOCUMENT matches the JSON Schema.

A DOCUMENT is JSON, or YAML when it ends in .yaml or .yml (a profile; needs PyYAML,
Debian's python3-yaml for /usr/bin/python3)."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
failed = False
for name in sys.argv[2:]:
    if name.endswith((".yaml", ".yml")):
        import yaml
        document = yaml.safe_load(open(name))
    else:
        document = json.load(open(name))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    for error in errors:
        print(f"{name}: {'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}")
    failed = failed or bool(errors)
sys.exit(1 if failed else 0)
