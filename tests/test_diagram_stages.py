"""The three diagram stages (`diagram_stages`), each called alone on geometry built by hand (no
PDF): a goal box over two program boxes joined by a drawn bus, and a tree drawn left to right."""

from __future__ import annotations

from ingest.readers.diagram_geometry import Geometry, add_rect
from ingest.readers.diagram_stages import LinkedBoxes, find_boxes, link_boxes, tree_of
from ingest.tables_geom import Word

AREA = 595.0 * 842.0


def _text(words: list[Word], x: float, y: float, s: str, size: float = 8.0) -> None:
    for t in s.split():
        w = 0.5 * size * len(t)
        words.append(Word(x, y - size, x + w, y, t))
        x += w + 0.3 * size


def _drawing() -> tuple[Geometry, list[Word], object, object]:
    geo, words = Geometry(), []

    def box(r, fill=None, lines=()):
        add_rect(geo, r, fill, True)
        for k, s in enumerate(lines):
            _text(words, r[0] + 4, r[1] + 12 + 12 * k, s)

    def line(x0, y0, x1, y1):
        add_rect(geo, (min(x0, x1) - 0.4, min(y0, y1) - 0.4, max(x0, x1) + 0.4, max(y0, y1) + 0.4), (0, 0, 0), False)

    return geo, words, box, line


def _sideways() -> tuple[Geometry, list[Word]]:
    """A tree drawn left to right: the goal at the left, two sasaran in the column right of it, a
    program right of each, elbow connectors between the columns."""
    geo, words, box, line = _drawing()
    box((30, 250, 200, 280), (1, 0.9, 0.7), ["TUJUAN : Kesejahteraan nelayan"])
    box((30, 280, 200, 300), None, ["Indikator : Nilai tukar nelayan"])
    line(200, 275, 225, 275)
    for y, goal in ((150, "SASARAN : Produksi perikanan naik"), (350, "SASARAN : Ekspor perikanan naik")):
        line(225, 275, 225, y + 25)
        line(225, y + 25, 250, y + 25)
        box((250, y, 420, y + 30), (0.8, 0.9, 1), [goal])
        box((250, y + 30, 420, y + 50), None, ["Indikator : Volume produksi ikan"])
        line(420, y + 25, 450, y + 25)
        box((450, y, 600, y + 30), (0.9, 1, 0.9), ["PROGRAM : Pengelolaan perikanan"])
        box((450, y + 30, 600, y + 50), None, ["Indikator : Jumlah kapal"])
    return geo, words


def _sheet() -> tuple[Geometry, list[Word]]:
    """The goal at the top, a bus down to two program boxes, a title above."""
    geo, words, box, line = _drawing()
    _text(words, 200, 40, "POHON KINERJA DINAS KOPERASI", 12)
    box((150, 60, 445, 80), (0.85, 0.95, 0.85), ["SASARAN STRATEGIS"])
    box((150, 80, 445, 110), None, ["Meningkatnya daya saing koperasi"])
    line(297, 110, 297, 140)
    line(120, 140, 470, 140)
    for x in (120, 470):
        line(x, 140, x, 170)
    for x0, head, ind in ((30, "SASARAN PROGRAM : Koperasi sehat", "Persentase koperasi sehat"),
                          (340, "SASARAN PROGRAM : Usaha mikro", "Jumlah usaha mikro baru")):
        box((x0, 170, x0 + 250, 190), (0.85, 0.9, 1), [head])
        box((x0, 190, x0 + 250, 290), None, ["Indikator : " + ind])
    return geo, words


def test_find_boxes_makes_one_box_per_headed_group_numbered_from_start_and_leaves_parents_unset():
    geo, words = _sheet()
    found = find_boxes(geo, words, AREA, 1, start=5)
    assert [(b.index, b.text.split("\n")[0]) for b in found.boxes] == [
        (5, "SASARAN STRATEGIS"), (6, "SASARAN PROGRAM : Koperasi sehat"), (7, "SASARAN PROGRAM : Usaha mikro")]
    assert all(b.parent is None and b.kind is None for b in found.boxes)
    assert " ".join(w.text for w in found.free) == "POHON KINERJA DINAS KOPERASI"  # in no cell: a title


def test_link_boxes_resolves_the_bus_to_boxes_and_gives_the_title_as_a_paragraph():
    geo, words = _sheet()
    linked = link_boxes(find_boxes(geo, words, AREA, 1, start=5), geo, 1, start=5)
    assert not linked.sideways
    assert sorted((c.source, c.target) for c in linked.connectors) == [(5, 6), (5, 7)]
    assert [p.text for p in linked.paragraphs] == ["POHON KINERJA DINAS KOPERASI"]
    assert all(b.parent is None for b in linked.boxes)  # the tree is the next stage's


def test_a_turned_sheet_is_linked_in_page_space_and_gives_the_same_tree():
    geo, words = _sideways()
    found = find_boxes(geo, words, AREA, 1)
    before = [b.bbox for b in found.boxes]
    linked = link_boxes(found, geo, 1)
    assert linked.sideways
    assert sorted(b.bbox for b in linked.boxes) == sorted(before)  # turned back after the connectors
    tree = tree_of(linked)
    by_head = {b.index: b.text.split("\n")[0] for b in tree.boxes}
    assert sorted((by_head[b.index], by_head.get(b.parent), b.link) for b in tree.boxes) == [
        ("PROGRAM : Pengelolaan perikanan", "SASARAN : Ekspor perikanan naik", "connector"),
        ("PROGRAM : Pengelolaan perikanan", "SASARAN : Produksi perikanan naik", "connector"),
        ("SASARAN : Ekspor perikanan naik", "TUJUAN : Kesejahteraan nelayan", "connector"),
        ("SASARAN : Produksi perikanan naik", "TUJUAN : Kesejahteraan nelayan", "connector"),
        ("TUJUAN : Kesejahteraan nelayan", None, None),
    ]
    assert sorted(b.bbox for b in tree.boxes) == sorted(before)


def test_tree_of_hangs_the_programs_under_the_goal_and_sets_tiers_and_kinds():
    geo, words = _sheet()
    tree = tree_of(link_boxes(find_boxes(geo, words, AREA, 1), geo, 1))
    assert [(b.index, b.parent, b.link, b.tier, b.kind) for b in tree.boxes] == [
        (0, None, None, "sasaran_strategis", "goal"),
        (1, 0, "connector", "program", "goal"),
        (2, 0, "connector", "program", "goal"),
    ]


def test_tree_of_keeps_a_parent_the_reader_already_knew():
    """A parent given in `LinkedBoxes.parents` (here: the second program under the first, as a
    shared fill would say) wins over the geometry."""
    geo, words = _sheet()
    linked = link_boxes(find_boxes(geo, words, AREA, 1), geo, 1)
    known = LinkedBoxes(linked.boxes, linked.stacks, parents={2: 1}, links={2: "colour"}, under={},
                        siblings=[], connectors=linked.connectors, paragraphs=linked.paragraphs, sideways=False)
    tree = tree_of(known)
    assert [(b.parent, b.link) for b in tree.boxes] == [(None, None), (0, "connector"), (1, "colour")]
