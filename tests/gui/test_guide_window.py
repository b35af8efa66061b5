"""The threshold guide viewer: browse by level and by domain, search as you type, print, by keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QPushButton, QWidget

from safeguard_desktop.gui.guide_parts import MAX_HITS_SHOWN
from safeguard_desktop.gui.guide_window import GuideWindow
from safeguard_desktop.thresholds.guide import ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide
from tests.gui.conftest import type_into

MARKUP = "<b>markup</b> & =cmd()"
PLAIN = Qt.TextFormat.PlainText


@pytest.fixture
def guide() -> ThresholdGuide:
    return shipped_guide()


@pytest.fixture
def viewer(qtbot, guide: ThresholdGuide) -> GuideWindow:
    w = GuideWindow(guide)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def shown_text(label: QLabel) -> str:
    """What a reader sees in a label: rich text rendered to its characters, plain text as is."""
    if label.textFormat() == Qt.TextFormat.RichText:
        doc = QTextDocument()
        doc.setHtml(label.text())
        return doc.toPlainText()
    return label.text()


def page_texts(viewer: GuideWindow) -> list[str]:
    assert viewer.page is not None
    return [shown_text(label) for label in viewer.page.widget.findChildren(QLabel) if label.text()]


def page_text(viewer: GuideWindow) -> str:
    return "\n".join(page_texts(viewer))


def nav_item(viewer: GuideWindow, text: str):
    (item,) = viewer.nav.findItems(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    return item


def test_a_level_shows_its_response_routes_and_indicators_and_the_citation_is_always_there(viewer, guide) -> None:
    level = guide.level(3)
    viewer.nav.setCurrentItem(nav_item(viewer, f"3 — {level.name}"))
    text = page_text(viewer)
    assert f"Level 3: {level.name}" in text
    assert level.description in text and level.response in text
    for route_id in level.routes:
        assert guide.route(route_id).name in text
    for indicator in guide.indicators_in(level=3):
        assert "•  " + indicator.text in text
    assert not any(indicator.text in text for indicator in guide.indicators_in(level=1))
    # Domain, then area, then indicator, in the guide's order.
    first = guide.indicators_in(level=3)[0]
    domain = guide.domain(first.domain).name
    area = guide.area_name(first.domain, first.area)
    texts = page_texts(viewer)
    assert texts.index(domain) < texts.index(area) < texts.index("•  " + first.text)
    citation = guide.edition().citation()
    assert viewer.citation_label.isVisible() and citation in viewer.citation_label.text()
    assert "01/07/2021" in viewer.citation_label.text()
    assert viewer.note_label.isVisible() and viewer.note_label.text() == guide.note


def test_the_highest_level_and_urgent_routes_say_so_in_words(viewer, guide) -> None:
    top = guide.levels[-1]
    item = viewer.level_items[-1]
    assert "highest level" in item.data(0, Qt.ItemDataRole.AccessibleTextRole) and not item.icon(0).isNull()
    viewer.nav.setCurrentItem(item)
    text = page_text(viewer)
    assert f"Level {top.number}: {top.name} (highest level)" in text
    urgent = [guide.route(r) for r in top.routes if guide.route(r).urgent]
    assert urgent and all(f"URGENT — {route.name}" in text for route in urgent)


def test_browse_by_domain_shows_its_indicators_level_by_level(viewer, guide) -> None:
    domain = guide.domains[1]
    viewer.nav.setCurrentItem(viewer.domain_items[domain.id])
    texts = page_texts(viewer)
    headings = [f"Level {level.number}: {level.name}" for level in guide.levels]
    headings[-1] += " (highest level)"
    positions = [texts.index(head) for head in headings]
    assert positions == sorted(positions)
    for indicator in guide.indicators_in(domain=domain.id):
        heading_at = texts.index(headings[indicator.level - 1])
        line_at = texts.index("•  " + indicator.text)
        assert heading_at < line_at
        assert indicator.level == len(guide.levels) or line_at < texts.index(headings[indicator.level])
    other = guide.domains[0]
    assert not any("•  " + i.text in texts for i in guide.indicators_in(domain=other.id))

    area = domain.areas[0]
    viewer.nav.setCurrentItem(nav_item(viewer, area.name))
    text = page_text(viewer)
    assert f"{domain.name}: {area.name}" in text
    in_area = [i for i in guide.indicators_in(domain=domain.id) if i.area == area.id]
    assert in_area and all(i.text in text for i in in_area)
    assert not any(i.text in text for i in guide.indicators_in(domain=domain.id) if i.area != area.id)


def _middle_word(guide: ThresholdGuide) -> tuple[str, str]:
    """A word from the middle of an indicator, not its first, long enough to be specific."""
    for indicator in guide.indicators:
        words = re.findall(r"[A-Za-z]{7,}", indicator.text)
        if len(words) >= 3 and not indicator.text.startswith(words[1]):
            return indicator.id, words[1]
    raise AssertionError("no indicator with a long middle word")


def test_search_filters_as_you_type_and_finds_a_word_in_the_middle(qtbot, viewer, guide) -> None:
    indicator_id, word = _middle_word(guide)
    type_into(qtbot, viewer.search, word[:5].lower())
    # No timer to wait for: the results are there after the last key.
    keys = [hit.key for hit in viewer.hits]
    assert f"indicator:{indicator_id}" in keys
    count = len(viewer.hits)
    assert viewer.count_label.text() == f"{count} result{'s' if count != 1 else ''}"
    assert page_texts(viewer)[0].startswith(f"{count} result")
    found = viewer.page.anchors[f"hit:indicator:{indicator_id}"]
    assert f"<b>{word[:5]}</b>" in found.text()  # the matched letters in bold
    assert shown_text(found) == guide.indicator(indicator_id).text
    indicator = guide.indicator(indicator_id)
    # Grouped under its level, with its domain and area.
    texts = page_texts(viewer)
    place = f"{guide.domain(indicator.domain).name} › {guide.area_name(indicator.domain, indicator.area)}"
    assert place in texts
    level_head = next(t for t in texts if t.startswith(f"Level {indicator.level}: "))
    assert texts.index(level_head) < texts.index(place)

    type_into(qtbot, viewer.search, "zzqx")
    assert viewer.hits == [] and "0 results" in page_text(viewer)
    assert "Nothing in the guide matches" in page_text(viewer)

    viewer.search.setFocus()
    qtbot.keyClick(viewer.search, Qt.Key.Key_Escape)
    assert viewer.search.text() == "" and viewer.count_label.text() == ""
    assert "Level 1:" in page_text(viewer)  # back to what was being browsed


def test_choosing_a_hit_shows_it_in_its_level_with_a_way_back(qtbot, viewer, guide) -> None:
    indicator_id, word = _middle_word(guide)
    indicator = guide.indicator(indicator_id)
    type_into(qtbot, viewer.search, word)
    qtbot.mouseClick(viewer.page.anchors[f"show:indicator:{indicator_id}"], Qt.MouseButton.LeftButton)
    assert viewer.view == ("level", str(indicator.level))
    assert viewer.nav.currentItem() is viewer.level_items[indicator.level - 1]
    assert viewer.found is not None and viewer.found.text().endswith(indicator.text)
    assert viewer.found.font().bold()
    assert f"Level {indicator.level}:" in page_text(viewer)
    back = viewer.page.buttons[0]
    assert back.text() == "← Back to the results"
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert page_texts(viewer)[0].startswith(f"{len(viewer.hits)} result")
    # Enter in the search field shows the first result.
    viewer.search.setFocus()
    qtbot.keyClick(viewer.search, Qt.Key.Key_Return)
    first = viewer.hits[0]
    assert viewer.found is viewer.page.anchors[first.key]
    assert viewer.page.buttons[0].text() == "← Back to the results"


def test_common_letters_show_the_first_results_and_a_button_for_all(qtbot, viewer) -> None:
    type_into(qtbot, viewer.search, "a")
    count = len(viewer.hits)
    assert count > MAX_HITS_SHOWN
    assert f"the first {MAX_HITS_SHOWN} are shown" in page_texts(viewer)[0]
    more = viewer.page.buttons[-1]
    assert more.text() == f"Show all {count} results"
    assert len([b for b in viewer.page.buttons if b.text() == "Show"]) == MAX_HITS_SHOWN
    # The first button on the page is the first hit, which Enter would show.
    assert viewer.page.buttons[0] is viewer.page.anchors[f"show:{viewer.hits[0].key}"]
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert len(viewer.page.buttons) == count  # every hit has its Show button, and no "Show all" is left


def test_level_and_route_hits_are_shown_too(qtbot, viewer, guide) -> None:
    urgent = next(route for route in guide.routes if route.urgent)
    viewer.search.setText(urgent.name)
    hit = next(h for h in viewer.hits if h.key == f"route:{urgent.id}")
    viewer.show_hit(hit)
    assert viewer.found is viewer.page.anchors[f"route:{urgent.id}"]
    level = guide.levels[1]
    viewer.search.setText(level.name)
    viewer.show_hit(next(h for h in viewer.hits if h.key == "level:2"))
    assert viewer.view == ("level", "2")


def test_keyboard_only(qtbot, viewer, guide) -> None:
    viewer.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is viewer)
    qtbot.keyClick(viewer, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is viewer.search
    qtbot.keyClick(viewer.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is viewer.nav
    viewer.nav.setCurrentItem(viewer.level_items[0])
    qtbot.keyClick(viewer.nav, Qt.Key.Key_Down)
    assert viewer.view == ("level", "2") and f"Level 2: {guide.level(2).name}" in page_text(viewer)
    qtbot.keyClick(viewer.nav, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is viewer.scroll
    qtbot.keyClick(viewer.scroll, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is viewer.scope
    # From the search field, Down goes into the results.
    viewer.search.setFocus()
    type_into(qtbot, viewer.search, "999")
    qtbot.keyClick(viewer.search, Qt.Key.Key_Down)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QPushButton) and focused is viewer.page.buttons[0]
    qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert viewer.found is not None
    # Controls are named and large enough to hit.
    for widget in (viewer.search, viewer.nav, viewer.scroll, viewer.scope, viewer.print_button, viewer.save_button):
        assert widget.accessibleName()
    assert viewer.print_button.height() >= 32 and viewer.search.height() >= 32
    assert viewer.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)


def markup_guide(guide: ThresholdGuide) -> ThresholdGuide:
    data = guide.model_dump(mode="json")
    data["note"] = f"Note {MARKUP}"
    data["levels"][0]["name"] = f"Universal {MARKUP}"
    data["levels"][0]["description"] = f"Description {MARKUP}"
    data["indicators"][0]["text"] = f"An indicator with {MARKUP} in it"
    data["domains"][0]["areas"][0]["name"] = f"Area {MARKUP}"
    data["routes"][0]["name"] = f"Route {MARKUP}"
    return ThresholdGuide.model_validate(data)


def test_markup_in_the_content_is_shown_literally(qtbot, guide) -> None:
    viewer = GuideWindow(markup_guide(guide))
    qtbot.addWidget(viewer)
    viewer.show()
    assert viewer.note_label.text() == f"Note {MARKUP}"
    assert viewer.note_label.textFormat() == Qt.TextFormat.PlainText
    viewer.nav.setCurrentItem(viewer.level_items[0])
    text = page_text(viewer)
    for expected in (f"Universal {MARKUP}", f"Description {MARKUP}", f"An indicator with {MARKUP} in it", MARKUP):
        assert expected in text
    first = guide.indicators[0]
    viewer.nav.setCurrentItem(viewer.domain_items[first.domain])
    assert f"An indicator with {MARKUP} in it" in page_text(viewer)
    viewer.search.setText("markup")
    assert {hit.key for hit in viewer.hits} >= {"level:1", f"indicator:{first.id}", f"route:{guide.routes[0].id}"}
    texts = page_texts(viewer)
    assert f"An indicator with {MARKUP} in it" in texts and f"Description {MARKUP}" in texts
    assert any(t.endswith(f"Area {MARKUP}") for t in texts)
    rich = [label for label in viewer.findChildren(QLabel) if label.text() and label.textFormat() != PLAIN]
    assert rich, "search hits are highlighted with rich text; this test must see some"
    for label in rich:
        assert label.textFormat() == Qt.TextFormat.RichText  # never AutoText: Qt would guess
        # Content holding markup reads, rendered, exactly as written: tags and all.
        if "=cmd()" in shown_text(label):
            assert MARKUP in shown_text(label), shown_text(label)
    assert any("=cmd()" in shown_text(label) for label in rich)


def test_save_as_pdf_writes_the_guide_or_one_level(qtbot, viewer, guide, monkeypatch, tmp_path) -> None:
    chosen = tmp_path / "guide"  # typed without ".pdf"
    offered: list[str] = []

    def get_save_file_name(parent: QWidget, caption: str, directory: str, pattern: str) -> tuple[str, str]:
        offered.append(Path(directory).name)
        return str(chosen), pattern

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(get_save_file_name))
    whole = viewer.save_pdf()
    assert whole == tmp_path / "guide.pdf" and whole.read_bytes().startswith(b"%PDF")
    assert offered[-1] == "threshold-guide-july-2021.pdf"
    assert viewer.message_box is not None and str(whole) in viewer.message_box.text()
    whole_pages = pages(whole.read_bytes())

    viewer.nav.setCurrentItem(viewer.level_items[2])
    assert viewer.scope.itemText(1) == f"Only level 3: {guide.level(3).name}"
    viewer.scope.setCurrentIndex(1)
    one = viewer.save_pdf()
    assert offered[-1] == "threshold-guide-july-2021-level-3.pdf"
    assert one is not None and 1 <= pages(one.read_bytes()) < whole_pages

    viewer.search.setText("999")  # a results page is not a part of the guide to print
    assert viewer.scope.currentIndex() == 0
    assert not viewer.scope.model().item(1).isEnabled()


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_a_save_that_fails_says_why(qtbot, viewer, monkeypatch, tmp_path) -> None:
    target = tmp_path / "missing" / "guide.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    assert viewer.save_pdf() is None
    assert viewer.message_box is not None and "no longer exists" in viewer.message_box.text()
    assert not target.exists()


def test_print_sends_the_pages_to_the_printer(qtbot, viewer, monkeypatch, tmp_path) -> None:
    printed = tmp_path / "printed.pdf"  # the printer is a PDF file

    def exec_(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    viewer.nav.setCurrentItem(viewer.level_items[0])
    viewer.scope.setCurrentIndex(1)
    sent = viewer.print_guide()
    assert sent >= 1 and printed.read_bytes().startswith(b"%PDF")
    assert viewer.message_box is not None and viewer.message_box.text().startswith(f"{sent} page")


def test_the_main_window_opens_one_guide_and_closes_it_on_lock(qtbot, window) -> None:
    assert QKeySequence("F1") in window.guide_action.shortcuts()
    assert QKeySequence("Ctrl+Shift+G") in window.guide_action.shortcuts()
    window.guide_action.trigger()
    guide_window = window.guide_window
    assert isinstance(guide_window, GuideWindow) and guide_window.isVisible()
    assert guide_window.guide.edition() == shipped_guide().edition()
    window.guide_action.trigger()
    assert window.guide_window is guide_window  # raised, not opened twice
    window.lock(ask=False)
    assert window.guide_window is None and not guide_window.isVisible()
    assert not window.guide_action.isEnabled()
