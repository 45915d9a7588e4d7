"""Run the DfE CIN census validator on one XML file; print one JSON document on stdout.

Usage (with the validators' interpreter): python run_cin.py FILE YEAR
The validator's own ingest concatenates per child per table, which is quadratic; the
file is converted in chunks of children and the tables joined afterwards (its row
counters restart for each child, so chunks on child boundaries change nothing). Rule crashes,
which the validator only prints and then counts as passed, are collected and reported.
"""

import contextlib
import io
import json
import logging
import sys
import time
import warnings
import xml.etree.ElementTree as ET

CHUNK = 250


def _convert(root, cin_validator, pd):
    children = root.find("Children")
    header = root.find("Header")
    kids = list(children) if children is not None else []
    parts = []
    for i in range(0, max(len(kids), 1), CHUNK):
        chunk = ET.Element(root.tag)
        if header is not None:
            chunk.append(header)
        holder = ET.SubElement(chunk, "Children")
        holder.extend(kids[i:i + CHUNK])
        parts.append(cin_validator.convert_data(chunk))
    tables = {}
    for name in parts[0]:
        frames = [p[name] for p in parts]
        tables[name] = frames[0] if name == "Header" else pd.concat(frames, ignore_index=True)
    return tables


def main(path, year):
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    began = time.perf_counter()
    noise = io.StringIO()
    with contextlib.redirect_stdout(noise):
        import pandas as pd
        from cin_validator import cin_validator
        from cin_validator.rules.ruleset_utils import get_year_ruleset

        root = ET.parse(path).getroot()
        data = cin_validator.process_data(_convert(root, cin_validator, pd))
        registry = get_year_ruleset(str(year))
        validator = cin_validator.CinValidator(data, registry, selected_rules=None)
    printed = noise.getvalue()
    crashed = sorted({line.split("Error with rule", 1)[1].split(":", 1)[0].strip()
                      for line in printed.splitlines() if "Error with rule" in line})
    types = {str(code): rule.rule_type.name for code, rule in registry.items()}
    issues = []
    frame = validator.full_issue_df
    if not frame.empty:
        for row in frame.drop_duplicates(subset=["child_id", "rule_code"]).itertuples(index=False):
            issues.append({"child": str(row.child_id), "rule": str(row.rule_code),
                           "description": str(row.rule_description),
                           "where": f"{row.tables_affected}: {row.columns_affected}",
                           "type": types.get(str(row.rule_code), "ERROR")})
    multi = validator.multichild_issues
    if multi is not None and not multi.empty:
        for row in multi.drop_duplicates(subset=["rule_code"]).itertuples(index=False):
            issues.append({"child": "", "rule": str(row.rule_code),
                           "description": str(row.rule_description), "where": "whole return",
                           "type": types.get(str(row.rule_code), "ERROR")})
    print(json.dumps({"validator": "csc-validator-be-cin", "rules": len(types),
                      "crashed": crashed, "skipped": [], "issues": issues,
                      "seconds": round(time.perf_counter() - began, 2)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
