"""No temporary file, cache, setting or log ever holds record data.

A real GUI session (first-run creation through the dialog, a child with two parents, a
concern, lock, unlock) runs in a subprocess whose every writable place is a fresh folder:
TMPDIR/TMP/TEMP, HOME, the XDG folders, SAFEGUARD_DATA_DIR and pytest's own temporary
folder (which holds the vault itself). Afterwards, and twice during the session while the
vault is unlocked, every file under those folders is searched for the made-up names, the
account's words, the NHS number and the passphrase (UTF-8 and UTF-16-LE) and for an
unencrypted SQLite header. The subprocess's stdout and stderr are searched too.

The session is the `drive_gui_session` function below. Its name does not start with `test_`,
so the ordinary suite does not collect it; the subprocess collects it by overriding
`python_functions`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Made-up people and words that appear nowhere else, so any hit is this session's data.
CHILD_GIVEN, CHILD_FAMILY = "Quillon", "Verbeek-Szabó"
MOTHER = ("Marijke", "Verbeek")
FATHER = ("Tibor", "Szabó")
NHS_NUMBER = "943 476 5919"
ACCOUNT = "Bruise on the left forearm; said it happened at Nagymama Ilonka's allotment."
CHILD_WORDS = "tibor squeezed my arm when i dropped the jug"
NEEDLES = [
    "Quillon",
    "Verbeek",
    "Szabó",
    "Szab",  # the ASCII part, in case "ó" was stored decomposed or in another encoding
    "Marijke",
    "Tibor",
    "Ilonka",
    "squeezed my arm",
    "9434765919",
    NHS_NUMBER,
]
PLAIN_SQLITE = b"SQLite format 3"

AREA_ENV = "SAFEGUARD_LEAK_AREA"
REPO = Path(__file__).resolve().parents[1]


def _patterns(passphrase: str) -> list[tuple[str, bytes]]:
    found = []
    for text in [*NEEDLES, passphrase]:
        found.append((f"{text!r} (UTF-8)", text.encode("utf-8")))
        found.append((f"{text!r} (UTF-16-LE)", text.encode("utf-16-le")))
    found.append(("'SQLite format 3' (an unencrypted database)", PLAIN_SQLITE))
    return found


def scan(root: Path, passphrase: str) -> tuple[list[Path], list[str]]:
    """Every regular file under `root`, and one line per needle found in any of them."""
    files: list[Path] = []
    hits: list[str] = []
    patterns = _patterns(passphrase)
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_symlink() or not path.is_file():
                continue  # sockets and FIFOs in XDG_RUNTIME_DIR hold no data at rest
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue  # a temporary file that went away while we walked
            files.append(path)
            lowered = data.lower()
            for label, needle in patterns:
                if needle in data or needle.lower() in lowered:
                    hits.append(f"{label} in {path.relative_to(root)}")
    return files, hits


def _fresh_area(root: Path) -> dict[str, str]:
    """Create the folders and the environment that points every writable place into them."""
    folders = {
        "TMPDIR": "tmp",
        "TMP": "tmp",
        "TEMP": "tmp",
        "HOME": "home",
        "XDG_CONFIG_HOME": "xdg-config",
        "XDG_DATA_HOME": "xdg-data",
        "XDG_CACHE_HOME": "xdg-cache",
        "XDG_STATE_HOME": "xdg-state",
        "XDG_RUNTIME_DIR": "xdg-runtime",
        "SAFEGUARD_DATA_DIR": "safeguard-data",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "SAFEGUARD_", "XDG_"))}
    for var, sub in folders.items():
        path = root / sub
        path.mkdir(mode=0o700, exist_ok=True)
        env[var] = str(path)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1",
        **{AREA_ENV: str(root)},
    )
    return env


def test_gui_session_leaves_no_record_data(tmp_path: Path) -> None:
    from tests.gui.conftest import PASSPHRASE

    area = tmp_path / "area"
    area.mkdir(mode=0o700)
    env = _fresh_area(area)
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        f"{Path(__file__).relative_to(REPO)}",
        "-o",
        "python_functions=drive_*",
        "-p",
        "no:cacheprovider",
        # With the logging plugin off, a warning the app logs reaches stderr as it would
        # in the field (Python's last-resort handler) instead of being kept by pytest.
        "-p",
        "no:logging",
        "-s",  # the app's own prints go to the captured stdout/stderr, not pytest's buffer
        "-q",
        f"--basetemp={area / 'pytest'}",
    ]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=180, check=False)
    output = f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    assert proc.returncode == 0, f"the GUI session failed:\n{output}"
    assert "1 passed" in proc.stdout, output

    said = [text for text in [*NEEDLES, PASSPHRASE] if text.lower() in output.lower()]
    assert not said, f"the app printed record data or the passphrase: {said}\n{output}"

    files, hits = scan(area, PASSPHRASE)
    vaults = [f for f in files if f.suffix == ".vault"]
    headers = [f for f in files if f.name.endswith(".vault.keys")]
    assert vaults and headers, f"the scan did not reach the vault: {[str(f.relative_to(area)) for f in files]}"
    assert vaults[0].stat().st_size > 0
    assert not hits, "record data found on disk:\n" + "\n".join(hits)
    print(f"no leaks in {len(files)} files: " + ", ".join(str(f.relative_to(area)) for f in files))


# -- the session, run only inside the subprocess ----------------------------------------------


def drive_gui_session(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # pragma: no cover - subprocess
    """First run to unlock, through the real widgets, with scans of the disk along the way."""
    from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
    from safeguard_desktop.gui.app import application, first_dialog
    from safeguard_desktop.gui.main_window import MainWindow
    from safeguard_desktop.paths import default_vault_path
    from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, click, type_into

    area = Path(os.environ[AREA_ENV])
    # The root conftest points SAFEGUARD_DATA_DIR at a pytest folder; put it back where
    # the parent asked, so the vault sits where a first run puts it.
    monkeypatch.setenv("SAFEGUARD_DATA_DIR", str(area / "safeguard-data"))

    def assert_clean(stage: str) -> None:
        _files, hits = scan(area, PASSPHRASE)
        assert not hits, f"record data on disk {stage}:\n" + "\n".join(hits)

    application()  # the real application names, so any QSettings would land where the app's do
    path = default_vault_path().resolve()
    welcome = first_dialog(path)  # first run: the welcome window, then Create a vault
    qtbot.addWidget(welcome)
    welcome.show()
    create = welcome.open_create()
    type_into(qtbot, create.name, "Aoife Brennan-Kaur")
    type_into(qtbot, create.role, "Designated Safeguarding Lead")
    type_into(qtbot, create.organisation, "Riverside Academy")
    type_into(qtbot, create.passphrase, PASSPHRASE)
    type_into(qtbot, create.confirm, PASSPHRASE)
    with qtbot.waitSignal(create.vault_ready, timeout=WORKER_TIMEOUT_MS) as ready:
        click(qtbot, create.create_button)
    vault = ready.args[0]
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()

    window.new_child_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.given_names, CHILD_GIVEN)
    type_into(qtbot, form.family_name, CHILD_FAMILY)
    type_into(qtbot, form.date_of_birth, "14/03/2016")
    type_into(qtbot, form.nhs_number, NHS_NUMBER)
    type_into(qtbot, form.address.postcode, "ox1 1aa")
    type_into(qtbot, form.address.town, "Oxford")
    click(qtbot, form.save_button)
    assert form.result() == form.DialogCode.Accepted, form.error.text()

    for (given, family), kind in ((MOTHER, "Mother"), (FATHER, "Father")):
        window.add_person_action.trigger()
        person = window.active_dialog
        type_into(qtbot, person.given_names, given)
        type_into(qtbot, person.family_name, family)
        person.relationship.setCurrentText(kind)
        if not person.parental_responsibility.isChecked():
            click(qtbot, person.parental_responsibility)
        click(qtbot, person.save_button)
        assert person.result() == person.DialogCode.Accepted, person.error.text()

    window.log_concern_action.trigger()
    concern = window.active_dialog
    type_into(qtbot, concern.happened.date, "02/02/2024")
    click(qtbot, concern.children.role_box(window.current_child.record_id, ChildRole.VICTIM))
    concern.categories.set_checked(ConcernCategory.PHYSICAL_ABUSE)
    type_into(qtbot, concern.account, ACCOUNT)
    type_into(qtbot, concern.child_words, CHILD_WORDS)
    type_into(qtbot, concern.action_taken, "Spoke to the DSL the same day.")
    click(qtbot, concern.informed.add_button)
    party, name, when_date, when_time, _ = concern.informed.rows[0]
    party.setCurrentText("Parent or carer")
    type_into(qtbot, name, " ".join(MOTHER))
    type_into(qtbot, when_date, "02/02/2024")
    type_into(qtbot, when_time, "15:30")
    click(qtbot, concern.save_button)
    assert concern.result() == concern.DialogCode.Accepted, concern.error.text()
    assert_clean("while unlocked, records in the write-ahead log")

    window.lock_action.trigger()
    assert window.vault is None and not vault.is_open
    unlock = window.unlock_dialog
    assert unlock is not None
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)
    assert window.model.rowCount() == 1
    window.table.selectRow(0)
    assert window.current_child is not None
    assert_clean("after unlocking again")
    window.close()
