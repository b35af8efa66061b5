"""Draw the body-map outlines and write `outlines.json` beside this script.

Our own drawing: a simple, friendly child's figure built from a few control points on a
100 x 220 grid, smoothed, mirrored and normalised to the 0..1 box the app uses. Run it
after changing a point: ``python resources/bodymap/draw_outlines.py``.

Region keys are stored in records; never rename or remove one, only add.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

Point = tuple[float, float]
W, H = 100.0, 220.0

# Half the body (the viewer's left), from under the chin round the arm and leg to the crotch.
HALF: list[Point] = [
    (44.5, 36),
    (44.5, 43),
    (39, 46.5),
    (32, 48.5),
    (26.5, 51.5),
    (23, 58),
    (20.5, 70),
    (18.5, 82),
    (16.6, 93),
    (14.6, 106),
    (12.6, 118),
    (11.6, 126),
    (9.9, 132),
    (9.4, 140),
    (10.7, 147),
    (14.1, 149.6),
    (17.4, 147),
    (18.7, 139),
    (18.9, 131),
    (19.3, 125),
    (20.7, 114),
    (22.3, 103),
    (23.9, 93),
    (25.5, 81),
    (27.4, 70),
    (28.6, 66.5),
    (29.8, 74),
    (31, 86),
    (31.2, 96),
    (30.6, 106),
    (30.6, 117),
    (31.2, 131),
    (32.2, 146),
    (33, 160),
    (33.6, 173),
    (34, 186),
    (35.2, 198),
    (33.6, 203),
    (33.6, 208),
    (36.8, 211.5),
    (42.2, 211.8),
    (46, 209.5),
    (46.4, 204),
    (45.2, 198),
    (45.8, 186),
    (46, 173),
    (46.3, 160),
    (47.2, 145),
    (48.4, 133),
    (50, 130.5),
]


def smooth(points: list[Point], closed: bool, steps: int = 6) -> list[Point]:
    """Catmull-Rom through the control points, so the figure has no sharp corners."""
    out: list[Point] = []
    n = len(points)
    last = n if closed else n - 1
    for i in range(last):
        p0 = points[(i - 1) % n] if closed or i > 0 else points[0]
        p1 = points[i]
        p2 = points[(i + 1) % n]
        p3 = points[(i + 2) % n] if closed or i + 2 < n else points[-1]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            x, y = (
                0.5
                * (
                    2 * p1[k]
                    + (-p0[k] + p2[k]) * t
                    + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                    + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3
                )
                for k in (0, 1)
            )
            out.append((x, y))
    if not closed:
        out.append(points[-1])
    return out


def mirror(points: list[Point]) -> list[Point]:
    return [(W - x, y) for x, y in points]


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 48) -> list[Point]:
    return [(cx + rx * math.cos(2 * math.pi * i / n), cy + ry * math.sin(2 * math.pi * i / n)) for i in range(n)]


def rect(x0: float, y0: float, x1: float, y1: float) -> list[Point]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def body() -> list[Point]:
    half = HALF[:-1]  # the crotch point is shared by both halves
    return smooth([*half, HALF[-1], *list(reversed(mirror(half)))], closed=True)


def ears() -> list[list[Point]]:
    left = ellipse(37.5, 23, 3.6, 5.5, 24)
    return [left, mirror(left)]


HEAD = ellipse(50, 21, 13.5, 16.5, 64)

# Light detail lines (not closed): enough to tell front from back at a glance.
FRONT_DETAILS = [
    [*ellipse(50, 96, 0.9, 0.9, 12), (50 + 0.9, 96)],  # navel
    [*ellipse(44, 23.5, 1.1, 1.4, 12), (45.1, 23.5)],  # eyes
    [*ellipse(56, 23.5, 1.1, 1.4, 12), (57.1, 23.5)],
    smooth([(45.5, 31.5), (50, 33.5), (54.5, 31.5)], closed=False),  # a small smile
    smooth([(34, 158), (36.5, 160.5), (39.5, 161)], closed=False),  # knees
    smooth([(66, 158), (63.5, 160.5), (60.5, 161)], closed=False),
]
BACK_DETAILS = [
    smooth([(50, 112), (50, 126)], closed=False),  # between the buttocks
    smooth([(35, 133), (41, 135.5), (47.5, 134)], closed=False),  # under the buttocks
    smooth([(65, 133), (59, 135.5), (52.5, 134)], closed=False),
    smooth([(40.5, 14), (50, 10.5), (59.5, 14)], closed=False),  # crown of the hair
    smooth([(19.6, 92), (22, 93.5), (24.3, 92)], closed=False),  # elbows
    smooth([(80.4, 92), (78, 93.5), (75.7, 92)], closed=False),
]


def ears_region(side: str) -> list[Point]:
    return rect(30, 16, 37.2, 31) if side == "viewer_left" else rect(62.8, 16, 70, 31)


# Regions on the viewer's left half: (name, polygon). The right half mirrors them.
# Order matters: a point belongs to the first region (of the whole list) that holds it.
LIMB_REGIONS: dict[str, list[tuple[str, list[Point]]]] = {
    "front": [
        ("ear", rect(30, 16, 37.2, 31)),
        ("shoulder", [(2, 45), (35, 45), (29.5, 60), (2, 63)]),
        ("upper_arm", [(2, 63), (29.5, 60), (27, 92), (2, 92)]),
        ("forearm", rect(2, 92, 28, 126.5)),
        ("hand", rect(2, 126.5, 28, 155)),
        ("hip", rect(28, 104, 40, 126)),
        ("thigh", rect(28, 126, 50, 155)),
        ("knee", rect(28, 155, 50, 167)),
        ("shin", rect(28, 167, 50, 199)),
        ("foot", rect(28, 199, 50, 215)),
        ("chest", rect(28, 45, 50, 80)),
    ],
    "back": [
        ("ear", rect(30, 16, 37.2, 31)),
        ("shoulder", [(2, 45), (35, 45), (29.5, 60), (2, 63)]),
        ("upper_arm", [(2, 63), (29.5, 60), (27.5, 86.5), (2, 86.5)]),
        ("elbow", rect(2, 86.5, 28, 99)),
        ("forearm", rect(2, 99, 28, 126.5)),
        ("hand", rect(2, 126.5, 28, 155)),
        ("thigh", rect(28, 136, 50, 155)),
        ("knee", rect(28, 155, 50, 167)),
        ("calf", rect(28, 167, 50, 199)),
        ("sole", rect(28, 199, 50, 215)),
        ("shoulder_blade", rect(28, 45, 50, 82)),
    ],
}

LIMB_LABELS = {
    "ear": "{Side} ear",
    "shoulder": "{Side} shoulder",
    "upper_arm": "{Side} upper arm",
    "elbow": "{Side} elbow",
    "forearm": "{Side} forearm and wrist",
    "hand": "{Side} hand",
    "hip": "{Side} hip and groin",
    "thigh": "{Side} thigh",
    "knee": "{Side} knee",
    "shin": "{Side} shin",
    "foot": "{Side} foot — top",
    "chest": "{Side} chest",
    "calf": "{Side} calf",
    "sole": "{Side} heel and sole of foot",
    "shoulder_blade": "Upper back — {side} shoulder blade",
}
FRONT_BACK_WORD = {
    ("front", "hand"): "{Side} hand — palm",
    ("back", "hand"): "{Side} hand — back",
    ("front", "thigh"): "{Side} thigh — front",
    ("back", "thigh"): "{Side} thigh — back",
    ("back", "knee"): "Back of {side} knee",
    ("back", "shoulder"): "{Side} shoulder — back",
    ("back", "upper_arm"): "{Side} upper arm — back",
    ("back", "forearm"): "{Side} forearm and wrist — back",
    ("back", "ear"): "{Side} ear — from behind",
}

CENTRE_REGIONS: dict[str, list[tuple[str, str, list[Point]]]] = {
    # (key, label, polygon); listed before the limbs where they must win (the face before the ears).
    "front": [
        ("front_head_top", "Top of head", rect(30, 0, 70, 11)),
        ("front_forehead", "Face — forehead", rect(37.2, 11, 62.8, 20)),
        ("front_face_centre", "Face — nose, mouth and chin", rect(45.5, 20, 54.5, 37)),
        ("front_neck", "Neck — front", rect(36, 37, 64, 47)),
        ("front_genitals", "Genital area", [(40, 112), (60, 112), (60, 126), (52, 140), (48, 140), (40, 126)]),
        ("front_abdomen", "Abdomen (tummy)", rect(28, 80, 72, 112)),
    ],
    "back": [
        ("back_head", "Back of head", rect(30, 0, 70, 37)),
        ("back_neck", "Neck — back", rect(36, 37, 64, 47)),
        ("back_lower", "Back — lower", rect(28, 82, 72, 114)),
        ("back_buttocks", "Buttocks", rect(28, 114, 72, 136)),
    ],
}


def regions(view: str) -> list[tuple[str, str, list[Point]]]:
    """Every region of one view, in hit-test order, with the child's left and right."""
    out: list[tuple[str, str, list[Point]]] = []
    centre = CENTRE_REGIONS[view]
    ears_first = [r for r in LIMB_REGIONS[view] if r[0] == "ear"]
    if view == "front":
        out.extend(centre[:3])
        out.append(("front_face_right", "Face — right cheek and eye (child's right)", rect(37.2, 20, 45.5, 37)))
        out.append(("front_face_left", "Face — left cheek and eye (child's left)", rect(54.5, 20, 62.8, 37)))
    limbs = ears_first + [r for r in LIMB_REGIONS[view] if r[0] != "ear"]
    for name, poly in limbs:
        if name == "hip" and view == "front":
            out.append(centre[4])  # the genital area wins over the hips
        # Front: the viewer's left is the child's right. Back: the viewer's left is the child's left.
        for on_viewer_left in (True, False):
            child_side = "right" if (view == "front") == on_viewer_left else "left"
            template = FRONT_BACK_WORD.get((view, name), LIMB_LABELS[name])
            label = template.format(Side=child_side.capitalize(), side=child_side) + f" (child's {child_side})"
            out.append((f"{view}_{name}_{child_side}", label, poly if on_viewer_left else mirror(poly)))
        if name == "ear":
            # The ears poke out of the head, so they come before the back of the head.
            out.extend(centre[0:2] if view == "back" else centre[3:4])
    out.extend(c for c in centre if c not in out)
    return out


def inside(poly: list[Point], x: float, y: float) -> bool:
    hit = False
    j = len(poly) - 1
    for i, (xi, yi) in enumerate(poly):
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def centres(figure: list[list[Point]], regs: list[tuple[str, str, list[Point]]]) -> dict[str, Point]:
    """A point well inside each region and the figure, for marks placed by keyboard."""
    samples: dict[str, list[Point]] = {}
    for yi in range(0, 440):
        for xi in range(0, 200):
            x, y = xi / 2, yi / 2
            if not any(inside(p, x, y) for p in figure):
                continue
            for key, _, poly in regs:
                if inside(poly, x, y):
                    samples.setdefault(key, []).append((x, y))
                    break
    out: dict[str, Point] = {}
    for key, _, _ in regs:
        pts = samples[key]
        mx, my = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
        out[key] = min(pts, key=lambda p: (p[0] - mx) ** 2 + (p[1] - my) ** 2)
    return out


def norm(points: list[Point]) -> list[list[float]]:
    return [[round(x / W, 4), round(y / H, 4)] for x, y in points]


def main() -> None:
    figure = [*ears(), body(), HEAD]
    sides = {}
    for view, details in (("front", FRONT_DETAILS), ("back", BACK_DETAILS)):
        regs = regions(view)
        middle = centres(figure, regs)
        sides[view] = {
            "outline": [norm(p) for p in figure],
            "details": [norm(p) for p in details],
            "regions": [
                {"key": key, "label": label, "polygon": norm(poly), "centre": norm([middle[key]])[0]}
                for key, label, poly in regs
            ],
        }
    data = {
        "format": 1,
        "source": (
            "Outlines drawn for safeguard-desktop by its authors (resources/bodymap/draw_outlines.py); "
            "not copied from any published body map."
        ),
        "aspect": H / W,
        "sides": sides,
    }
    target = Path(__file__).with_name("outlines.json")
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")


if __name__ == "__main__":
    main()
