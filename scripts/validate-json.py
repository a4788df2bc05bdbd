#!/usr/bin/env python3
"""validate-json.py SCHEMA DOCUMENT: exit 0 when DOCUMENT matches the JSON Schema.

DOCUMENT is JSON, or YAML when it ends in .yaml or .yml (a profile; needs PyYAML,
Debian's python3-yaml for /usr/bin/python3)."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
if sys.argv[2].endswith((".yaml", ".yml")):
    import yaml
    document = yaml.safe_load(open(sys.argv[2]))
else:
    document = json.load(open(sys.argv[2]))
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
for error in errors:
    print(f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}")
sys.exit(1 if errors else 0)
