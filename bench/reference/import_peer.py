#!/usr/bin/python3
"""The peer of bench/bench_import.cpp: the same work done the straightforward way a Python user
would do it with OpenCV, NumPy, hashlib and sqlite3, so that run.sh can print ratios.

Import: walk the dataset, read each image's bytes, hash them, cv2.imdecode, read the mask PNG,
build the 16-bit class mask (bit c = class c), cv2.imencode it as PNG and insert a samples row
plus a mask row into a fresh SQLite file, all in one transaction.

RLE: the classic Kaggle Severstal rle2mask / mask2rle on the RLE strings the C++ bench wrote.
"""

import argparse
import hashlib
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time

import cv2
import numpy as np

MT_CLASSES = ["Blowhole", "Crack", "Fray", "Break", "Uneven"]
RLE_SHAPE = (256, 1600)  # rows, columns
SCHEMA = """
CREATE TABLE classes (id INTEGER PRIMARY KEY, bit INTEGER NOT NULL UNIQUE,
                      name TEXT NOT NULL UNIQUE);
CREATE TABLE samples (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
                      image_path TEXT NOT NULL UNIQUE, width INTEGER NOT NULL,
                      height INTEGER NOT NULL, content_hash TEXT NOT NULL,
                      label_bits INTEGER NOT NULL DEFAULT 0);
CREATE TABLE mask_revisions (id INTEGER PRIMARY KEY,
                             sample_id INTEGER NOT NULL REFERENCES samples(id),
                             revision INTEGER NOT NULL, class_bits INTEGER NOT NULL,
                             png BLOB NOT NULL, UNIQUE (sample_id, revision));
"""


# ---------------------------------------------------------------- dataset walking


def walk_magnetic_tile(root):
    """(class names, [(image, name, [(mask file, bit)], label bits)]) for MT_<Class>/Imgs."""
    samples = []
    for folder in sorted(os.listdir(root)):
        if not folder.startswith("MT_"):
            continue
        cls = folder[3:]
        bit = MT_CLASSES.index(cls) if cls in MT_CLASSES else -1
        imgs = os.path.join(root, folder, "Imgs")
        for f in sorted(os.listdir(imgs)):
            if f.lower().endswith((".jpg", ".jpeg")):
                stem = os.path.splitext(f)[0]
                masks = [(os.path.join(imgs, stem + ".png"), bit)]
                samples.append((os.path.join(imgs, f), stem, masks, 1 << bit if bit >= 0 else 0))
    return MT_CLASSES, samples


def walk_label_folder(root):
    """The demo's layout: images/<stem>.png, masks/<Class>/<stem>.png, classes.txt."""
    with open(os.path.join(root, "classes.txt")) as f:
        classes = [line.strip() for line in f if line.strip()]
    samples = []
    for f in sorted(os.listdir(os.path.join(root, "images"))):
        stem = os.path.splitext(f)[0]
        masks = [(os.path.join(root, "masks", c, stem + ".png"), bit)
                 for bit, c in enumerate(classes)]
        masks = [(p, bit) for p, bit in masks if os.path.exists(p)]
        samples.append((os.path.join(root, "images", f), stem, masks, 0))
    return classes, samples


def walk(root):
    if os.path.isdir(os.path.join(root, "images")):
        return "folder", walk_label_folder(root)
    return "magnetic-tile", walk_magnetic_tile(root)


# ---------------------------------------------------------------- import


def build_mask(shape, masks):
    mask = np.zeros(shape, np.uint16)
    for path, bit in masks:
        binary = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        if binary is None or binary.shape != shape:
            raise ValueError("bad mask " + path)
        if bit >= 0:  # MT_Free masks name no class
            mask[binary > 127] |= 1 << bit
    return mask


def import_dataset(root, db_path):
    _, (classes, samples) = walk(root)
    con = sqlite3.connect(db_path)
    # The same journal settings as the project file, so that both sides pay the same fsyncs.
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA foreign_keys = ON")
    con.executescript(SCHEMA)
    with con:
        con.executemany("INSERT INTO classes (bit, name) VALUES (?, ?)", enumerate(classes))
        for image_path, name, masks, label_bits in samples:
            with open(image_path, "rb") as f:
                data = f.read()
            digest = hashlib.blake2b(data, digest_size=8).hexdigest()
            image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
            mask = build_mask(image.shape[:2], masks)
            ok, png = cv2.imencode(".png", mask)
            cur = con.execute(
                "INSERT INTO samples (name, image_path, width, height, content_hash, label_bits)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (name, os.path.abspath(image_path), image.shape[1], image.shape[0], digest,
                 label_bits))
            con.execute("INSERT INTO mask_revisions (sample_id, revision, class_bits, png)"
                        " VALUES (?, 1, ?, ?)",
                        (cur.lastrowid, int(np.bitwise_or.reduce(mask, axis=None)), png.tobytes()))
    con.close()
    return len(samples)


def project_checksum(db_path):
    """Read back from the file, in the same words as the C++ bench."""
    con = sqlite3.connect(db_path)
    rows = con.execute("SELECT s.width, s.height, s.label_bits, r.png FROM samples s"
                       " JOIN mask_revisions r ON r.sample_id = s.id").fetchall()
    con.close()
    pixels = sum(w * h for w, h, _, _ in rows)
    labels = sum(bits for _, _, bits, _ in rows)
    set_pixels = sum(int(np.count_nonzero(cv2.imdecode(np.frombuffer(png, np.uint8),
                                                       cv2.IMREAD_UNCHANGED)))
                     for _, _, _, png in rows)
    return (f"samples={len(rows)} pixels={pixels} mask_pixels={set_pixels}"
            f" label_bits_sum={labels}")


# ---------------------------------------------------------------- Kaggle RLE


def rle2mask(mask_rle, shape=RLE_SHAPE):
    s = mask_rle.split()
    starts, lengths = [np.asarray(x, dtype=int) for x in (s[0:][::2], s[1:][::2])]
    starts -= 1
    ends = starts + lengths
    img = np.zeros(shape[0] * shape[1], dtype=np.uint8)
    for lo, hi in zip(starts, ends):
        img[lo:hi] = 1
    return img.reshape(shape, order="F")


def mask2rle(img):
    pixels = img.T.flatten()
    pixels = np.concatenate([[0], pixels, [0]])
    runs = np.where(pixels[1:] != pixels[:-1])[0] + 1
    runs[1::2] -= runs[::2]
    return " ".join(str(x) for x in runs)


# ---------------------------------------------------------------- driver


def timed(work):
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def make_row(key, what, unit, items, seconds):
    return {"key": key, "what": what, "unit": unit, "runs": len(seconds),
            "rate": items / statistics.median(seconds), "median_s": statistics.median(seconds)}


def bench_import(root, repeats, work):
    seconds = []
    for r in range(repeats):
        db = os.path.join(work, f"import-{r}.dwb")
        s, count = timed(lambda: import_dataset(root, db))
        seconds.append(s)
    kind = walk(root)[0]
    return kind, make_row("import", f"import {kind} ({count} samples)", "samples/s", count,
                          seconds), project_checksum(db)


def bench_rle(rle_file, repeats):
    with open(rle_file) as f:
        text = [line.rstrip("\n") for line in f]
    decode_s, encode_s = [], []
    # RLE passes are short: repeat them as often as the C++ side does (rleRepeats).
    for _ in range(max(5, 3 * repeats)):
        s, decoded = timed(lambda: [rle2mask(t) for t in text])
        decode_s.append(s)
        # Encode from row-major masks as the C++ side does, not from the transposed views.
        rowmajor = [np.ascontiguousarray(m) for m in decoded]
        s, encoded = timed(lambda: [mask2rle(m) for m in rowmajor])
        encode_s.append(s)
    if encoded != text:
        sys.exit("import_peer: mask2rle(rle2mask(x)) differs from the C++ encoding")
    runs = sum(len(t.split()) for t in text) // 2
    check = (f"masks={len(text)} set_pixels={sum(int(np.count_nonzero(m)) for m in decoded)}"
             f" runs={runs}")
    size = f"{RLE_SHAPE[0]}x{RLE_SHAPE[1]}, {len(text)} masks"
    rows = [make_row(key, f"RLE {key[4:]} {size}", "masks/s", len(text), s)
            for key, s in (("rle_decode", decode_s), ("rle_encode", encode_s))]
    return rows, check


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("--rle", required=True, help="RLE strings from dwb_bench_import")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="imports (RLE: 3x, at least 5)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cv2.setNumThreads(args.threads)

    with tempfile.TemporaryDirectory(prefix="dwb-bench-peer-") as work:
        kind, import_row, import_check = bench_import(args.dataset, args.repeats, work)
    rle_rows, rle_check = bench_rle(args.rle, args.repeats)
    report = {"tool": "import_peer.py", "threads": args.threads,
              "dataset": args.dataset, "kind": kind, "rows": [import_row] + rle_rows,
              "checks": {"import": import_check, "rle": rle_check}}
    if args.json:
        print(json.dumps(report))
        return
    print(f"Python peer (OpenCV {cv2.__version__}, NumPy {np.__version__}), "
          f"{args.threads} thread(s)")
    for row in report["rows"]:
        print(f"{row['what']:<44} {row['rate']:8.1f} {row['unit']:<9} {row['median_s']:8.4f} s"
              f" {row['runs']:5d}")
    print(f"check import: {import_check}\ncheck rle:    {rle_check}")


if __name__ == "__main__":
    main()
