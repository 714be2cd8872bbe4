#!/usr/bin/env python3
"""Runs the same opmt commands through the Linux program and through opmt.exe under
Wine, and checks that they agree: the same exit code, the same JSON (numbers equal to
1e-9, relative or absolute), the same text, and the same workbook and model files.

Usage: compare_windows.py LINUX_OPMT WINDOWS_OPMT_EXE
Exit status: 0 when every case agrees, 1 otherwise (each disagreement is printed).
"""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

TOLERANCE = 1e-9


def same_json(a, b, where="$"):
    """The first difference between two JSON values, or None."""
    if isinstance(a, bool) or isinstance(b, bool):
        return None if a == b else f"{where}: {a!r} against {b!r}"
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if a == b or (math.isfinite(a) and math.isfinite(b)
                      and abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))):
            return None
        return f"{where}: {a!r} against {b!r}"
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} against {type(b).__name__}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{where}: keys {list(a)} against {list(b)}"
        for k in a:
            d = same_json(a[k], b[k], f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items against {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = same_json(x, y, f"{where}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{where}: {a!r} against {b!r}"


def same_workbook(a, b):
    """The first difference between two .xlsx files' sheets and strings, or None.
    The document properties (with the time it was written) are left out."""
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names_a = sorted(n for n in za.namelist() if not n.startswith("docProps/"))
        names_b = sorted(n for n in zb.namelist() if not n.startswith("docProps/"))
        if names_a != names_b:
            return f"parts {names_a} against {names_b}"
        for n in names_a:
            if za.read(n) != zb.read(n):
                return f"part {n} differs"
    return None


def messages(text):
    """Messages with the operating system's own wording of an error left out (its
    number stays): "No such file or directory (os error 2)" on Linux is "File not
    found. (os error 2)" on Windows."""
    text = text.replace("\r\n", "\n")
    return re.sub(r": [^:\n]*\(os error (\d+)\)", r": (os error \1)", text)


class Runner:
    """Each program runs in a folder of its own holding the same files, so both see
    the same relative paths and write files of the same names."""

    def __init__(self, linux, exe, folders):
        self.linux, self.exe, self.folders = linux, exe, folders
        self.failures = 0
        self.cases = 0

    def run(self, program, args):
        cmd = ([self.linux] if program == "linux" else ["wine", self.exe]) + args
        # One time for "Written" in both workbooks (see SOURCE_DATE_EPOCH in the README).
        env = dict(os.environ, SOURCE_DATE_EPOCH="1764633600")
        done = subprocess.run(cmd, cwd=self.folders[program], capture_output=True, timeout=600,
                              env=env)
        return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")

    def case(self, name, args, outputs=(), compare="json"):
        """Runs `args` both ways; `outputs` are files the command writes."""
        self.cases += 1
        started = time.monotonic()
        results = {program: self.run(program, args) for program in ("linux", "windows")}
        seconds = time.monotonic() - started
        (lc, lo, le), (wc, wo, we) = results["linux"], results["windows"]
        problems = []
        if lc != wc:
            problems.append(f"exit code {lc} on Linux, {wc} on Windows")
        if compare == "json":
            try:
                d = same_json(json.loads(lo), json.loads(wo))
            except json.JSONDecodeError as e:
                d = f"not JSON ({e}): Linux {lo[:200]!r}, Windows {wo[:200]!r}"
            if d:
                problems.append(f"JSON differs at {d}")
        elif compare == "text" and lo.replace("\r\n", "\n") != wo.replace("\r\n", "\n"):
            problems.append(f"output differs: Linux {lo[:300]!r}, Windows {wo[:300]!r}")
        if messages(le) != messages(we):
            problems.append(f"messages differ: Linux {le[:300]!r}, Windows {we[:300]!r}")
        for out in outputs:
            la, wa = (os.path.join(self.folders[p], out) for p in ("linux", "windows"))
            if not (os.path.exists(la) and os.path.exists(wa)):
                problems.append(f"{out}: written on Linux {os.path.exists(la)}, on Windows {os.path.exists(wa)}")
            elif out.endswith(".xlsx"):
                d = same_workbook(la, wa)
                if d:
                    problems.append(f"{out}: {d}")
            elif open(la, "rb").read() != open(wa, "rb").read():
                problems.append(f"{out}: the files differ")
        status = "ok  " if not problems else "FAIL"
        print(f"{status} {name} (exit {lc}, {seconds:.1f} s)")
        for p in problems:
            print(f"       {p}")
        self.failures += bool(problems)


def main():
    linux, exe = (os.path.abspath(p) for p in sys.argv[1:3])
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    top = tempfile.mkdtemp(prefix="opmt-wine-")
    work = os.path.join(top, "linux")
    try:
        shutil.copytree(os.path.join(repo, "models"), os.path.join(work, "models"))
        shutil.copy(os.path.join(repo, "assets", "steps-template.csv"), work)
        # A folder and a file name with spaces and letters outside ASCII.
        odd = os.path.join(work, "Trust models", "Café pathway ü.ron")
        os.makedirs(os.path.dirname(odd))
        shutil.copy(os.path.join(repo, "models", "current-paper.ron"), odd)
        # A model saved on Windows: every line ends in CRLF.
        text = open(os.path.join(repo, "models", "current-ers-as-implemented.ron"), newline="").read()
        with open(os.path.join(work, "crlf.ron"), "w", newline="") as f:
            f.write(text.replace("\r\n", "\n").replace("\n", "\r\n"))
        # A broken file: a field name misspelt part-way through.
        with open(os.path.join(work, "broken.ron"), "w") as f:
            f.write(text.replace("annual_referrals", "anual_referals", 1)[: len(text) // 2])

        shutil.copytree(work, os.path.join(top, "windows"))
        r = Runner(linux, exe, {p: os.path.join(top, p) for p in ("linux", "windows")})
        models = sorted(os.listdir(os.path.join(repo, "models")))
        for m in models:
            r.case(f"report {m}", ["report", f"models/{m}", "--json"])
        current, best = "models/current-ers-as-implemented.ron", "models/best-practice-ers.ron"
        r.case("compare", ["compare", current, best, "--json"])
        r.case("compare, several options", ["compare", "models/current-paper.ron", best,
                                             "models/do-minimum.ron", "--json"])
        r.case("simulate --seed", ["simulate", current, "--referrals", "20000", "--seed", "7",
                                   "--threads", "2", "--json"])
        r.case("appraise", ["appraise", current, best, "--draws", "200", "--json"])
        r.case("sensitivity", ["sensitivity", current, "--json"])
        r.case("validate the bundled models", ["validate"] + [f"models/{m}" for m in models],
               compare="text")
        r.case("validate a broken file", ["validate", "broken.ron"], compare="text")
        r.case("report a broken file", ["report", "broken.ron", "--json"], compare="text")
        r.case("report a missing file", ["report", "no such file.ron"], compare="text")
        r.case("diff", ["diff", "models/current-paper.ron", current, "--json"])
        r.case("export", ["export", current, best, "-o", "workbook.xlsx"],
               outputs=["workbook.xlsx"], compare="text")
        r.case("import", ["import", "steps-template.csv", "-o", "imported.ron"],
               outputs=["imported.ron"], compare="text")
        r.case("measures", ["measures", "--json"])
        r.case("best-practice", ["best-practice", "models/current-paper.ron", "-o",
                                 "with-best-practice.ron", "--json"], outputs=["with-best-practice.ron"])
        r.case("a path with spaces and non-ASCII letters",
               ["report", "Trust models/Café pathway ü.ron", "--json"])
        r.case("a model with CRLF line endings", ["report", "crlf.ron", "--json"])
        r.case("CRLF against LF", ["diff", "crlf.ron", current, "--json"])
        print(f"{r.cases - r.failures} of {r.cases} cases agree")
        return 1 if r.failures else 0
    finally:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
