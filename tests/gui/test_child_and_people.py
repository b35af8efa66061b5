"""Adding children and the adults around them; identifiers checked inline; names shown literally."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click, type_into


def test_invalid_nhs_number_is_explained_inline_and_nothing_is_saved(qtbot, window: MainWindow, vault: Vault) -> None:
    window.new_child_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.given_names, "Kacper")
    type_into(qtbot, form.family_name, "Nowak")
    type_into(qtbot, form.date_of_birth, "01/09/2019")
    type_into(qtbot, form.nhs_number, "943 476 5918")  # last digit wrong
    click(qtbot, form.save_button)
    assert form.fields["nhs_number"].error.text() == "The check digit is wrong; please check the number."
    assert "nothing has been saved" in form.error.text()
    assert form.isVisible()
    assert vault.children.count() == 0
    # Everything typed is still there to correct.
    assert form.given_names.text() == "Kacper"
    assert form.nhs_number.text() == "943 476 5918"

    form.nhs_number.clear()
    type_into(qtbot, form.nhs_number, "9434765919")
    click(qtbot, form.save_button)
    assert not form.isVisible()
    assert vault.children.count() == 1


def test_bad_date_upn_and_postcode_each_shown_next_to_their_field(qtbot, window: MainWindow) -> None:
    window.new_child_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.given_names, "Ola")
    type_into(qtbot, form.date_of_birth, "03/14/2019")
    type_into(qtbot, form.upn, "A12345678901")
    type_into(qtbot, form.address.postcode, "OXX 1AA")
    click(qtbot, form.save_button)
    assert form.fields["date_of_birth"].error.text() == (
        "There is no month 14: please write it as day/month/year, for example 14/03/2023."
    )
    assert form.fields["upn"].error.text().startswith("A UPN has 13 characters, but this one has 12")
    assert form.address.postcode_field.error.text().startswith("This is not a UK postcode")
    assert form.isVisible()


def test_future_date_of_birth_is_refused(qtbot, window: MainWindow, vault: Vault) -> None:
    window.new_child_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.given_names, "Ola")
    type_into(qtbot, form.date_of_birth, "01/01/2999")
    click(qtbot, form.save_button)
    assert "01/01/2999 is in the future" in form.error.text()
    assert vault.children.count() == 0


def test_unborn_child_with_expected_delivery(qtbot, window: MainWindow, vault: Vault) -> None:
    window.new_child_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.family_name, "Okafor")
    click(qtbot, form.unborn)
    assert not form.date_of_birth.isEnabled()
    type_into(qtbot, form.expected_delivery, "01/12/2099")
    click(qtbot, form.save_button)
    assert not form.isVisible(), form.error.text()
    assert window.model.index(0, 0).data() == "Okafor (unborn)"
    assert window.model.index(0, 1).data() == "Due 01/12/2099"


def test_markup_in_names_is_shown_literally(qtbot, window: MainWindow, vault: Vault) -> None:
    markup = "<b>Test & Co</b>"
    window.new_child_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.given_names, markup)
    type_into(qtbot, form.family_name, "<i>Smith</i>")
    type_into(qtbot, form.date_of_birth, "02/02/2020")
    type_into(qtbot, form.school, "<a href='x'>St Mary's</a>")
    click(qtbot, form.save_button)
    assert window.model.index(0, 0).data() == "<b>Test & Co</b> <i>Smith</i>"

    window.add_person_action.trigger()
    person = window.active_dialog
    type_into(qtbot, person.given_names, "<script>alert(1)</script>")
    click(qtbot, person.save_button)

    title = window.record_view.findChild(QLabel, "childName")
    assert title.text() == "<b>Test & Co</b> <i>Smith</i>"
    # Every label that can show user data is plain text, so Qt never parses the markup.
    labels = window.record_view.findChildren(QLabel)
    assert "<a href='x'>St Mary's</a>" in [label.text() for label in labels]
    for label in labels:
        if "<" in label.text():
            assert label.textFormat() == label.textFormat().PlainText, label.text()
    assert window.record_view.people_rows()[0][0] == "<script>alert(1)</script>"


def test_existing_adult_can_be_linked_to_a_sibling(qtbot, window: MainWindow, vault: Vault) -> None:
    add_child_core(vault, "Amira", "Haddad")
    add_child_core(vault, "Yusuf", "Haddad")
    window.model.refresh()
    window.table.selectRow(0)
    assert window.current_child.data.given_names == "Amira"
    window.add_person_action.trigger()
    person = window.active_dialog
    type_into(qtbot, person.given_names, "Layla")
    type_into(qtbot, person.family_name, "Haddad")
    person.relationship.setCurrentText("Mother")
    assert person.parental_responsibility.isChecked()  # a mother always has it
    click(qtbot, person.save_button)
    assert vault.adults.count() == 1

    window.table.selectRow(1)
    assert window.current_child.data.given_names == "Yusuf"
    window.add_person_action.trigger()
    person = window.active_dialog
    click(qtbot, person.existing_choice)
    type_into(qtbot, person.search, "lay")
    qtbot.waitUntil(lambda: person.matches.count() == 1)
    person.matches.setCurrentRow(0)
    assert person.matches.currentItem().text() == "Layla Haddad"
    person.relationship.setCurrentText("Mother")
    click(qtbot, person.save_button)
    assert not person.isVisible(), person.error.text()
    assert vault.adults.count() == 1  # the same person, not a duplicate
    assert vault.relationships.count() == 2

    # The concern form now offers the sibling, unticked.
    window.log_concern_action.trigger()
    concern = window.active_dialog
    names = [box.text() for box in concern.children.findChildren(type(person.lives_in_home)) if box.text()]
    assert names == ["Yusuf Haddad", "Amira Haddad"]
