#!/usr/bin/env python3
"""Regenerates the hostile and broken files of tests/bad-files from a good
.gigawatt file (argument 1). Each file is paired in expected.txt with a
phrase its error message must contain."""
import os, shutil, sqlite3, struct, sys

good, here = sys.argv[1], os.path.dirname(os.path.abspath(__file__))
def path(n): return os.path.join(here, n)
def copy(n):
    shutil.copy(good, path(n)); return sqlite3.connect(path(n))
def edit(n, *sql):
    db = copy(n)
    for s in sql: db.execute(s)
    db.commit(); db.close()

open(path("empty.gigawatt"), "wb").close()
open(path("random.gigawatt"), "wb").write(bytes((i * 7919 + 13) % 251 for i in range(8192)))
data = open(good, "rb").read()
open(path("truncated.gigawatt"), "wb").write(data[:len(data) // 3])
edit("wrong-application-id.gigawatt", "PRAGMA application_id = 1234")
edit("newer-version.gigawatt", "PRAGMA user_version = 30000")
edit("trigger.gigawatt", "CREATE TRIGGER t AFTER INSERT ON deals BEGIN DELETE FROM deals; END")
edit("view.gigawatt", "CREATE VIEW v AS SELECT * FROM deals")
edit("table-is-view.gigawatt", "ALTER TABLE actuals RENAME TO a2",
     "CREATE VIEW actuals AS SELECT * FROM a2")
edit("negative.gigawatt", "UPDATE generations SET kw_it = -1.5 WHERE id = 1")
edit("infinite.gigawatt", "UPDATE market SET price_0 = 9e999")
edit("dangling-provider.gigawatt", "UPDATE deals SET provider = 'Nobody' WHERE id = 1")
edit("deal-end-before-start.gigawatt", "UPDATE deals SET \"end\" = '2020Q1' WHERE id = 1")
edit("sql-name.gigawatt", "UPDATE deals SET name = 'x''); DROP TABLE deals; --' WHERE id = 1",
     "UPDATE deals SET provider = 'Robert''); DROP TABLE providers;--' WHERE id = 2")
edit("long-string.gigawatt", "UPDATE scenario SET description = printf('%.*c', 10000000, 'x')")
edit("correlation-not-pd.gigawatt",
     "DELETE FROM correlations",
     "INSERT INTO correlations VALUES (1, 'market.token_growth', 'market.efficiency_gain', 0.9, '')",
     "INSERT INTO correlations VALUES (2, 'market.token_growth', 'market.elasticity', 0.9, '')",
     "INSERT INTO correlations VALUES (3, 'market.efficiency_gain', 'market.elasticity', -0.9, '')")
edit("fewer-than-two.gigawatt", "UPDATE deals SET price = NULL WHERE id = 1",
     "DELETE FROM distributions WHERE tbl = 'deals' AND row = 1 AND field = 'price'")

def unstrict(n, table, *sql):
    """Writes values a STRICT table would refuse by dropping STRICT and
    NOT NULL for a moment, as a hostile writer could."""
    db = copy(n)
    (orig,) = db.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (table,)).fetchone()
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_schema SET sql = ? WHERE name = ?",
               (orig.replace(") STRICT", ")").replace(" NOT NULL", ""), table))
    db.commit(); db.close()
    db = sqlite3.connect(path(n))
    for s in sql: db.execute(s)
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_schema SET sql = ? WHERE name = ?", (orig, table))
    db.commit(); db.close()

unstrict("text-in-number.gigawatt", "generations", "UPDATE generations SET kw_it = 'lots' WHERE id = 2")
unstrict("nan.gigawatt", "generations", "UPDATE generations SET kw_it = NULL WHERE id = 3")
