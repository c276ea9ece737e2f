#!/usr/bin/env python3
"""make-corpus.py CLI: (re)writes the seed corpus of tests/fuzz/corpus.

CLI is a built gigawatt-cli. The seeds are the built-in Baseline exported
as JSON and as .gigawatt, the fixtures of tests/data and tests/bad-files,
and small hand-made edge cases derived from tests/data/small.json (each
named after what it tries). The 75,000-level document is not a seed: it is
generated at build time (make-deep.py) and replayed by the fuzz suite.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)


def small_pages(path):
    """Rewrites an SQLite file with 512-byte pages; leaves anything else."""
    if os.path.getsize(path) == 0:
        return  # sqlite3 would make it a database
    try:
        db = sqlite3.connect(path)
        db.execute('PRAGMA page_size = 512')
        db.execute('VACUUM')
        db.close()
    except sqlite3.DatabaseError:
        pass


def main():
    cli = sys.argv[1]
    json_dir = os.path.join(HERE, 'corpus', 'json')
    gw_dir = os.path.join(HERE, 'corpus', 'gigawatt')
    os.makedirs(json_dir, exist_ok=True)
    os.makedirs(gw_dir, exist_ok=True)

    subprocess.run([cli, 'export', '--builtin', os.path.join(json_dir, 'baseline.json')],
                   check=True)
    subprocess.run([cli, 'new', '--builtin', os.path.join(gw_dir, 'baseline.gigawatt')],
                   check=True)
    shutil.copy(os.path.join(TESTS, 'data', 'small.json'), json_dir)
    shutil.copy(os.path.join(TESTS, 'data', 'v1', 'baseline-v1.json'), json_dir)
    shutil.copy(os.path.join(TESTS, 'data', 'v1', 'baseline-v1.gigawatt'), gw_dir)
    shutil.copy(os.path.join(TESTS, 'bad-files', 'malformed.json'), json_dir)
    # Every rejected class of .gigawatt file but the 10 MB long string, those
    # that SQLite opens rewritten with 512-byte pages (a third of the size).
    bad = os.path.join(TESTS, 'bad-files')
    for name in sorted(os.listdir(bad)):
        src = os.path.join(bad, name)
        dest = os.path.join(gw_dir, 'bad-' + name)
        if not name.endswith('.gigawatt') or os.path.getsize(src) >= 1 << 20:
            continue
        shutil.copy(src, dest)
        small_pages(dest)

    # The small scenario as a .gigawatt with 512-byte pages: a seed of a few
    # KB that still loads, so that mutations are cheap and reach the reader.
    with tempfile.TemporaryDirectory() as tmp:
        small = os.path.join(tmp, 'small.gigawatt')
        subprocess.run([cli, 'import', os.path.join(TESTS, 'data', 'small.json'), small],
                       check=True)
        small_pages(small)
        shutil.copy(small, os.path.join(gw_dir, 'small-512.gigawatt'))
    subprocess.run([cli, 'validate', os.path.join(gw_dir, 'small-512.gigawatt')], check=True,
                   stdout=subprocess.DEVNULL)

    small = open(os.path.join(TESTS, 'data', 'small.json'), 'rb').read()

    def edit(old, new):
        assert small.count(old) == 1, old
        return small.replace(old, new)

    edges = {
        'empty.json': b'',
        'whitespace.json': b' \n\t\r\n',
        'null.json': b'null',
        'array.json': b'[]',
        'duplicate-keys.json': edit(b'"seed": 42', b'"seed": 42, "seed": 43'),
        'duplicate-tables.json': edit(b'"generations": [', b'"generations": [], "generations": ['),
        'int-past-2-63.json': edit(b'"seed": 42', b'"seed": 9223372036854775808'),
        'int-past-2-64.json': edit(b'"seed": 42', b'"seed": 18446744073709551616'),
        'negative-seed.json': edit(b'"seed": 42', b'"seed": -1'),
        'huge-number.json': edit(b'"horizon": 4', b'"horizon": 1e999'),
        'nul-in-name.json': edit(b'"name": "P1"', b'"name": "P\\u0000x"'),
        'lone-surrogate.json': edit(b'"name": "Small"', b'"name": "Small \\ud800"'),
        'trailing-data.json': small + b'{"format": "gigawatt-scenario"}\n',
        'trailing-garbage.json': small + b'\x00\xff',
        'bom.json': b'\xef\xbb\xbf' + small,
        'schema-0.9.json': edit(b'"schema_version": "2.0"', b'"schema_version": "0.9"'),
        'schema-9.0.json': edit(b'"schema_version": "2.0"', b'"schema_version": "9.0"'),
        'truncated.json': small[:len(small) // 2],
    }
    # an edge case that still crashes a loader lives in crashes/json until
    # it is fixed (crashes/README.md)
    crashes = os.path.join(HERE, 'crashes', 'json')
    for name, data in edges.items():
        if os.path.exists(os.path.join(crashes, name)):
            write(os.path.join(crashes, name), data)
        else:
            write(os.path.join(json_dir, name), data)
    subprocess.run([sys.executable, os.path.join(HERE, 'make-deep.py'), '2000',
                    os.path.join(json_dir, 'deep-2000.json')], check=True)


if __name__ == '__main__':
    main()
