"""Inflates a .gz file into memory with Python's zlib (what nibabel uses underneath).

Usage: python zlib_inflate.py FILE
"""
import sys
import zlib

with open(sys.argv[1], "rb") as f:
    data = zlib.decompress(f.read(), 31)
