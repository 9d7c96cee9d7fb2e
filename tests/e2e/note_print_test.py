#!/usr/bin/env python3
"""The HTML note printed by a real browser: headless Chromium (Debian's
chromium) renders transpod's note and yearly report to PDF and PNG.

transpod runs on loopback with the demo data set on 25 November 2026;
transpoctl writes the note (French, Dutch) and the yearly report (English)
as HTML. Then, for each:
  - the PDF has A4 pages, several of them, and every word of every page
    lies inside the page (pdftotext -bbox, Debian's poppler-utils): nothing
    runs off the right edge;
  - the PDF's text holds the note's figures (50 directives followed, 33
    overdue) in the note's language;
  - the PNG (the first screen of the page) shows the charts: pixels of the
    bars' colour and of the deficit line's colour.

Usage: note_print_test.py SOURCE_DIR TRANSPOD TRANSPOCTL
"""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

from e2e_support import fail, failures, free_port, wait_for

A4 = (595.0, 842.0)  # points; Chromium writes 594.96 x 841.92
BAR = (0xB0, 0x3A, 0x2E)  # svg .bar in server/report/templates.cc
LINE = (0x1F, 0x4E, 0x79)  # svg .deficit and .point

def png_pixels(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB(A) PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"FAIL: {path} is not a PNG")
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(
                ">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    if depth != 8 or colour not in (2, 6) or interlace:
        raise SystemExit(f"FAIL: {path}: unexpected PNG type {depth}/{colour}")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for i in range(stride):
            a = row[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + a) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + b) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[i] = (row[i] + pred) & 0xFF
        rows.append([tuple(row[x:x + 3]) for x in range(0, stride, channels)])
        previous = row
    return width, height, rows


def count_colour(rows, colour, tolerance=12):
    return sum(1 for row in rows for p in row
               if all(abs(p[i] - colour[i]) <= tolerance for i in range(3)))


def check_pdf(name, pdf, words):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    width, height = float(size.group(1)), float(size.group(2))
    if abs(width - A4[0]) > 1 or abs(height - A4[1]) > 1:
        fail(f"{name}: pages of {width} x {height} pts, not A4")
    if pages < 2:
        fail(f"{name}: {pages} page(s); the demo note takes several")
    bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    boxes = [tuple(map(float, m.groups())) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
        r'yMax="([\d.]+)"', bbox)]
    outside = [b for b in boxes if b[0] < 0 or b[2] > width]
    if outside:
        fail(f"{name}: {len(outside)} words off the page, e.g. {outside[0]}")
    # Chromium shrinks a page too wide for the paper: the text would come
    # out too small to read. The body is set in 9.5 pt.
    heights = sorted(b[3] - b[1] for b in boxes)
    median = heights[len(heights) // 2]
    if median < 9:
        fail(f"{name}: words {median:.1f} pt high: shrunk to fit the page")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"],
                          capture_output=True, text=True, check=True).stdout
    for word in words:
        if not re.search(word, text):
            fail(f"{name}: the PDF's text has no {word!r}")
    print(f"{name}: {pages} pages of {width} x {height} pts, {len(boxes)} "
          f"words {median:.1f} pt high", flush=True)


def check_png(name, png):
    width, height, rows = png_pixels(png)
    bars, line = count_colour(rows, BAR), count_colour(rows, LINE)
    if bars < 500:
        fail(f"{name}: {bars} pixels of the bars' colour: no overdue chart")
    if line < 100:
        fail(f"{name}: {line} pixels of the line's colour: no deficit chart")
    print(f"{name}: PNG {width}x{height}, {bars} bar pixels, {line} line "
          f"pixels", flush=True)


def main():
    source, transpod, transpoctl = map(os.path.abspath, sys.argv[1:4])
    chromium = shutil.which("chromium")
    for tool in (chromium, shutil.which("pdftotext"), shutil.which("pdfinfo")):
        if tool is None:
            raise SystemExit("FAIL: chromium and poppler-utils are needed "
                             "(scripts/setup.sh installs them)")
    work = tempfile.mkdtemp(prefix="transpo-print-")
    port = free_port()
    demo = f"{source}/deploy/demo"
    log = open(f"{work}/transpod.log", "w")
    server = subprocess.Popen(
        [transpod, "--data-dir", f"{work}/data", "--listen",
         f"127.0.0.1:{port}", "--metrics-listen", "",
         "--clock", "manual@2026-11-25T09:00",
         "--demo-data", f"{demo}/administrations.csv",
         "--demo-data", f"{demo}/dossiers.csv"],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        ctl = [transpoctl, "--server", f"127.0.0.1:{port}"]
        # gRPC answers while the demo data loads: wait for its last file.
        wait_for("transpod loads the demo data",
                 lambda: server.poll() is None and "dossiers.csv: " in
                 open(f"{work}/transpod.log").read())

        documents = [
            ("note-2026-11-25-fr.html", ["note", "--lang", "fr"],
             [r"Directives suivies\s+50", r"En retard\s+33"]),
            ("note-2026-11-25-nl.html", ["note", "--lang", "nl"],
             [r"Opgevolgde richtlijnen\s+50", r"Laattijdig\s+33"]),
            ("yearly-report-2026-en.html",
             ["report", "yearly", "--year", "2026"],
             [r"Directives followed\s+50", r"Overdue\s+33"]),
        ]
        for name, command, words in documents:
            subprocess.run(ctl + command + ["--format", "html", "--out", work],
                           check=True, capture_output=True)
            page = f"file://{work}/{name}"
            stem = f"{work}/{name[:-5]}"
            browser = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                       "--no-first-run", f"--user-data-dir={work}/chromium"]
            subprocess.run(browser + ["--no-pdf-header-footer",
                                      f"--print-to-pdf={stem}.pdf", page],
                           check=True, capture_output=True, timeout=120)
            subprocess.run(browser + ["--window-size=1240,1754",
                                      f"--screenshot={stem}.png", page],
                           check=True, capture_output=True, timeout=120)
            check_pdf(name, f"{stem}.pdf", words)
            check_png(name, f"{stem}.png")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        if failures:
            print(open(f"{work}/transpod.log").read()[-3000:])
            print(f"The documents are kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        raise SystemExit(f"{len(failures)} failure(s)")
    print("note printed by Chromium: 3 documents, A4, charts drawn")


if __name__ == "__main__":
    main()
