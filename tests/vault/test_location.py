"""Warnings for vaults on network shares or in cloud-synced folders."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from safeguard_desktop.vault.location import cloud_service, fstype_of, location_warning, parse_mounts

MOUNTS = r"""sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime 0 0
//fileserver/staff /mnt/staff cifs rw,relatime,vers=3.1.1 0 0
nas:/export/home /home/shared nfs4 rw,relatime 0 0
tmpfs /home/shared/scratch tmpfs rw 0 0
me@host:/srv /mnt/remote\040files fuse.sshfs rw 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw,nosuid,nodev 0 0
"""


def test_parse_mounts_unescapes_and_keeps_order():
    mounts = parse_mounts(MOUNTS)
    assert ("/mnt/staff", "cifs") in mounts
    assert ("/mnt/remote files", "fuse.sshfs") in mounts
    assert fstype_of(PurePosixPath("/mnt/staff/dsl/records.vault"), mounts) == "cifs"
    assert fstype_of(PurePosixPath("/home/shared/x.vault"), mounts) == "nfs4"
    # The deepest mount wins: a local tmpfs inside the share is local.
    assert fstype_of(PurePosixPath("/home/shared/scratch/x.vault"), mounts) == "tmpfs"
    assert fstype_of(PurePosixPath("/home/me/x.vault"), mounts) == "ext4"


@pytest.mark.parametrize(
    "path",
    [
        "/mnt/staff/dsl/records.vault",
        "/home/shared/records.vault",
        "/mnt/remote files/records.vault",
        "/run/user/1000/gvfs/smb-share:server=nas,share=staff/records.vault",  # GNOME Files
    ],
)
def test_network_shares_are_warned_about(path):
    text = location_warning(Path(path), mounts=parse_mounts(MOUNTS))
    assert text is not None and text.startswith("records.vault is on a network drive.")


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/me/OneDrive/Safeguarding/records.vault", "OneDrive"),
        ("/home/me/OneDrive - Larkspur Trust/records.vault", "OneDrive"),
        ("/home/me/Dropbox/records.vault", "Dropbox"),
        ("/Users/me/Library/Mobile Documents/com~apple~CloudDocs/records.vault", "Mobile Documents"),
        ("/Users/me/Library/CloudStorage/GoogleDrive-me@example.org/My Drive/records.vault", "My Drive"),
        ("/home/me/Nextcloud/records.vault", "Nextcloud"),
        ("/home/me/ownCloud/records.vault", "ownCloud"),
        ("/home/me/Box/records.vault", "Box"),
        ("/Users/me/iCloud Drive/records.vault", "iCloud Drive"),
    ],
)
def test_cloud_synced_folders_are_warned_about(path, service):
    assert cloud_service(PurePosixPath(path)) == service
    text = location_warning(Path(path), mounts=parse_mounts(MOUNTS))
    assert text is not None and f"({service})" in text


@pytest.mark.parametrize(
    "path", ["/home/me/Documents/records.vault", "/home/me/OneDriveNotes/records.vault", "/home/me/Dropbox.vault"]
)
def test_ordinary_folders_get_no_warning(path):
    assert location_warning(Path(path), mounts=parse_mounts(MOUNTS)) is None


def test_unc_paths_are_network_drives():
    assert location_warning(Path("//fileserver/staff/records.vault"), mounts=[]) is not None


def test_this_machines_temp_folder_is_fine(tmp_path):
    assert location_warning(tmp_path / "records.vault") is None
