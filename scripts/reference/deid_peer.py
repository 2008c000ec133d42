#!/usr/bin/env python3
"""dicom-anonymizer (PyPI, pydicom-based) as a peer for `slicemark deid` (tests and benchmark).

  uids JOB    the tags dicom-anonymizer's newest PS3.15 table replaces as UIDs (U)
  run JOB     {"files": [...], "out": DIR}: anonymizes each file with dicom-anonymizer's
              default rules; prints {"files": n, "seconds": s}
  hmac JOB    {"secret": HEX, "uids": [...], "dates": [[YYYYMMDD, days], ...]}: the UIDs and
              shifted dates slicemark should produce, computed here with hmac/datetime
"""
import datetime
import hashlib
import hmac
import json
import os
import sys
import time


def newest_table():
    import importlib
    import pkgutil
    import dicomanonymizer.dicom_anonymization_databases as dbs
    names = sorted(m.name for m in pkgutil.iter_modules(dbs.__path__) if m.name.startswith("dicomfields_"))
    return importlib.import_module(f"dicomanonymizer.dicom_anonymization_databases.{names[-1]}"), names[-1]


def uids(job):
    table, name = newest_table()
    tags = [g << 16 | e for g, e in table.U_TAGS]
    print(json.dumps({"table": name, "tags": tags}))


def run(job):
    from dicomanonymizer.simpledicomanonymizer import anonymize_dicom_file
    os.makedirs(job["out"], exist_ok=True)
    start = time.perf_counter()
    for n, path in enumerate(job["files"]):
        anonymize_dicom_file(path, os.path.join(job["out"], f"{n}.dcm"))
    print(json.dumps({"files": len(job["files"]), "seconds": time.perf_counter() - start}))


def shift(text, days):
    d = datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8])) + datetime.timedelta(days=days)
    return d.strftime("%Y%m%d")


def mac(job):
    key = bytes.fromhex(job["secret"])
    out = {}
    for uid in job["uids"]:
        digest = hmac.new(key, b"uid\0" + uid.encode(), hashlib.sha256).digest()
        out[uid] = "2.25." + str(int.from_bytes(digest[:16], "big"))
    print(json.dumps({"uids": out, "dates": [shift(d, n) for d, n in job["dates"]]}))


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        job = json.load(f)
    {"uids": uids, "run": run, "hmac": mac}[mode](job)
