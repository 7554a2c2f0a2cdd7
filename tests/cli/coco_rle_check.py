"""An independent reading of a COCO file's RLE masks, written from pycocotools' maskApi.c
(rleFrString, rleDecode, rleArea, rleToBbox) in plain Python: every annotation's pixels must
cover its image exactly, and its area and bbox must be those of its decoded pixels.
Prints the number of annotations checked; exits 1 on the first mismatch."""
import json
import sys


def counts_from_string(s):
    counts, p = [], 0
    while p < len(s):
        x, k, more = 0, 0, True
        while more:
            c = ord(s[p]) - 48
            x |= (c & 0x1F) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if len(counts) > 2:
            x += counts[-2]
        counts.append(x)
    return counts


def main(path):
    document = json.load(open(path))
    images = {image["id"]: image for image in document["images"]}
    for a in document["annotations"]:
        image = images[a["image_id"]]
        h, w = a["segmentation"]["size"]
        assert (h, w) == (image["height"], image["width"]), a["id"]
        counts = counts_from_string(a["segmentation"]["counts"])
        assert sum(counts) == h * w and min(counts) >= 0, a["id"]
        area, xs, ys, position = 0, [], [], 0
        for i, run in enumerate(counts):
            if i % 2 == 1 and run > 0:
                area += run
                first, last = position, position + run - 1
                xs += [first // h, last // h]
                ys += [first % h, last % h] if first // h == last // h else [0, h - 1]
            position += run
        assert area == a["area"], (a["id"], area, a["area"])
        bbox = [min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1]
        assert bbox == a["bbox"], (a["id"], bbox, a["bbox"])
    print(len(document["annotations"]))


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except AssertionError as e:
        print("mismatch in annotation", e, file=sys.stderr)
        sys.exit(1)
