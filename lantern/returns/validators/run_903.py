"""Run the DfE SSDA903 validator on a folder of CSV tables; print one JSON document on stdout.

Usage (with the validators' interpreter): python run_903.py DIR YEAR LA_GSS_CODE
Every *.csv in DIR is uploaded as this year's data; tables are recognised by their headers.
"""

import contextlib
import io
import json
import logging
import sys
import time
import warnings
from pathlib import Path


def main(folder, year, la):
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    began = time.perf_counter()
    noise = io.StringIO()
    with contextlib.redirect_stdout(noise):
        from lac_validator import lac_validator
        from lac_validator.report import Report
        from lac_validator.rules.ruleset_utils import get_year_ruleset
        from lac_validator.types import UploadedFile

        files = [UploadedFile(name=p.name, description="This year", file_content=p.read_bytes())
                 for p in sorted(Path(folder).glob("*.csv"))]
        registry = get_year_ruleset(str(year))
        validator = lac_validator.LacValidator(
            metadata={"collectionYear": str(year), "localAuthority": la}, files=files,
            registry=registry, selected_rules=None)
        report = Report(validator.ds_results, registry)
        children = report.child_report
    issues = []
    if children is not None and not children.empty:
        for row in children.drop_duplicates(subset=["CHILD", "Code"]).itertuples(index=False):
            issues.append({"child": str(row.CHILD), "rule": str(row.Code),
                           "description": str(row.Description), "where": f"{row.Table}: {row.Fields}",
                           "type": "ERROR"})
    errors = report.error_report
    listed = {i["rule"] for i in issues}
    for row in errors[errors["Count"] > 0].itertuples(index=False):
        if str(row.Code) not in listed:
            issues.append({"child": "", "rule": str(row.Code), "description": str(row.Description),
                           "where": "whole return", "type": "ERROR"})
    print(json.dumps({"validator": "csc-validator-be-903", "rules": len(list(registry)),
                      "crashed": sorted(str(c) for c in validator.fails),
                      "skipped": sorted(str(c) for c in validator.skips), "issues": issues,
                      "seconds": round(time.perf_counter() - began, 2)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
