"""The packaging files: Linux desktop entry and AppStream metadata, the WiX MSI, the CI workflow.

The validators are the freedesktop tools themselves; .ci/run installs them. The MSI cannot be built
here (WiX needs Windows), so its definition is checked for what must never change or go wrong: the
version comes from safeguard_desktop.__version__, the upgrade code is fixed, and nothing in it can
remove a folder, so uninstalling never deletes a vault.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import safeguard_desktop
from safeguard_desktop.paths import APP_AUTHOR, APP_NAME

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "uk.org.safeguard_desktop.SafeguardDesktop"
DESKTOP = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"
WXS = ROOT / "packaging" / "windows" / "safeguard-desktop.wxs"
WORKFLOW = ROOT / ".github" / "workflows" / "packages.yml"
WIX = "{http://wixtoolset.org/schemas/v4/wxs}"
# Windows Installer finds earlier versions by this code; changing it would install side by side.
UPGRADE_CODE = "26BD2DC4-8C16-4A73-8DF0-1E04C1A219A0"


def _validator(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} is not installed (Debian: desktop-file-utils / appstream; .ci/run installs both)")
    return exe


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, check=False)


def test_desktop_entry_validates() -> None:
    proc = _run(_validator("desktop-file-validate"), str(DESKTOP))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in (proc.stdout + proc.stderr).lower()


def test_appstream_metadata_validates() -> None:
    proc = _run(_validator("appstreamcli"), "validate", "--no-net", str(METAINFO))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_metainfo_names_this_version_and_the_desktop_entry() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license") == "LicenseRef-proprietary"
    releases = root.findall("releases/release")
    assert releases, "the metainfo lists no release"
    # AppStream lists the newest release first; it must be the version the app reports.
    assert releases[0].get("version") == safeguard_desktop.__version__


def test_desktop_entry_starts_the_installed_command() -> None:
    entry = dict(line.split("=", 1) for line in DESKTOP.read_text("utf-8").splitlines() if "=" in line)
    assert entry["Exec"] == APP_NAME
    assert (ROOT / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()


def _wxs() -> ET.Element:
    return ET.parse(WXS).getroot()


def test_msi_takes_its_version_from_the_build_and_keeps_its_upgrade_code() -> None:
    text = WXS.read_text("utf-8")
    package = _wxs().find(f"{WIX}Package")
    assert package is not None
    assert package.get("Version") == "$(var.Version)"
    # No fallback version: a build that forgets -d Version must fail, not ship a wrong number.
    assert "<?ifndef Version?>" in text
    assert "<?define Version" not in text
    assert package.get("UpgradeCode") == UPGRADE_CODE
    assert package.get("Scope") == "perUserOrMachine"
    assert package.find(f"{WIX}MajorUpgrade") is not None


def test_msi_cannot_remove_a_vault() -> None:
    root = _wxs()
    local = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    # RemoveFile/RemoveFolder (core) and RemoveFolderEx (util extension): none at all.
    assert not local & {"RemoveFile", "RemoveFolder", "RemoveFolderEx"}
    assert "util" not in WXS.read_text("utf-8").split("<Wix", 1)[1].split(">", 1)[0]
    # The app installs under Program Files (or %LocalAppData%\Programs per user), never into the
    # user data folder that holds vaults.
    install = next(el for el in root.iter(f"{WIX}Directory") if el.get("Id") == "INSTALLFOLDER")
    parents = {child: parent for parent in root.iter() for child in parent}
    assert parents[install].get("Id") == "ProgramFiles6432Folder"


def test_msi_trust_folder_is_the_one_the_app_reads() -> None:
    root = _wxs()
    chain: list[str] = []
    node = next(el for el in root.iter(f"{WIX}Directory") if el.get("Id") == "TRUSTGUIDE")
    parents = {child: parent for parent in root.iter() for child in parent}
    while node.tag == f"{WIX}Directory":
        chain.insert(0, node.get("Name", ""))
        node = parents[node]
    assert node.get("Id") == "CommonAppDataFolder"
    # platformdirs.site_config_path(APP_NAME, APP_AUTHOR) on Windows, then trust.py's subfolder.
    assert chain == [APP_AUTHOR, APP_NAME, "trusted-keys", "threshold-guide"]
    sddls = [el.get("Sddl", "") for el in root.iter(f"{WIX}PermissionEx")]
    assert len(sddls) == 4
    for sddl in sddls:
        # Owner Administrators, DACL protected from inheritance, exactly the three grants IT's docs give.
        assert sddl.startswith("O:BAG:SYD:PAI")
        assert sorted(re.findall(r"\(A;OICI;([^;]+);;;(\w+)\)", sddl)) == [
            ("0x1200a9", "BU"),
            ("FA", "BA"),
            ("FA", "SY"),
        ]


def test_workflow_feeds_the_msi_the_apps_version() -> None:
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    steps = workflow["jobs"]["windows-msi"]["steps"]
    runs = [step.get("run", "") for step in steps]
    version_step = next(step for step in steps if step.get("id") == "version")
    assert "safeguard_desktop.__version__" in version_step["run"]
    wix_build = next(run for run in runs if "wix build" in run)
    assert "-d Version=${{ steps.version.outputs.version }}" in wix_build
    assert "packaging/windows/safeguard-desktop.wxs" in wix_build
    assert "needs" in workflow["jobs"]["windows-msi"] and "needs" in workflow["jobs"]["macos-app"]
