"""The peer of `slicemark status`: what a script doing the same count does at the least.

Walks the folder, reads every `*.annotations.json` with Python's json module and counts, per
annotator, the records whose latest review is of their current version (accepted / rejected),
changed since it, or not reviewed; prints the totals as JSON.

Usage: json_worklist.py FOLDER
"""
import json
import os
import sys
from collections import Counter, defaultdict


def main():
    counts = defaultdict(Counter)
    for root, _, names in os.walk(sys.argv[1]):
        for name in sorted(names):
            if not name.endswith(".annotations.json"):
                continue
            with open(os.path.join(root, name)) as f:
                doc = json.load(f)
            latest = {}
            for review in doc.get("reviews", []):
                key = (review["revision"], review["time"], review["id"])
                if review["target"] not in latest or key > latest[review["target"]][0]:
                    latest[review["target"]] = (key, review)
            for record in doc.get("annotations", []) + doc.get("labels", []) + doc.get("segmentations", []):
                found = latest.get(record["id"])
                if found is None:
                    state = "draft"
                elif found[1]["targetModified"] != record["modified"]:
                    state = "changed_since_review"
                else:
                    state = {"reject": "rejected", "reopen": "draft"}.get(found[1]["decision"], "accepted")
                counts[record["annotator"]][state] += 1
    print(json.dumps({name: dict(c) for name, c in sorted(counts.items())}))


if __name__ == "__main__":
    main()
