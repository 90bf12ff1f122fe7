"""make backup / restore / verify-backup's own parts that need no database:
the checksum check that refuses a damaged backup, the row count comparison,
the choice of the latest backup and the file store archive's round trip."""

import json
import subprocess
import tarfile

import pytest

from tools.suite_lib import backup
from tools.suite_lib.common import SetupError


def _fake_backup(root, name, db="dist_demo", created_at="2026-12-07T21:00:00+00:00"):
    target = root / name
    target.mkdir(parents=True)
    (target / backup.DUMP).write_bytes(b"dump of " + db.encode())
    with tarfile.open(target / backup.FILESTORE, "w:gz") as tar:
        source = root / f"{name}-store"
        (source / "ab").mkdir(parents=True)
        (source / "ab" / "abcdef").write_bytes(b"attachment")
        tar.add(source, arcname="filestore")
    manifest = {
        "format": backup.MANIFEST_FORMAT,
        "database": db,
        "created_at": created_at,
        "filestore": {"files": 1, "bytes": 10},
        "row_counts": {"res_partner": 3},
        "files": {
            name_: {"sha256": backup.sha256_of(target / name_), "bytes": 0}
            for name_ in (backup.DUMP, backup.FILESTORE)
        },
    }
    (target / backup.MANIFEST).write_text(json.dumps(manifest))
    backup.write_sums(target)
    return target


def test_checksums_pass_then_refuse_a_changed_file(tmp_path):
    target = _fake_backup(tmp_path, "dist_demo-1")
    assert backup.verify_checksums(target)["database"] == "dist_demo"
    # the same check without the tool
    check = subprocess.run(["sha256sum", "-c", backup.SUMS], cwd=target)
    assert check.returncode == 0
    with open(target / backup.DUMP, "ab") as dump:
        dump.write(b"!")
    with pytest.raises(SetupError, match=r"damaged; nothing was restored"):
        backup.verify_checksums(target)
    (target / backup.FILESTORE).unlink()
    problems = backup.checksum_problems(target, backup.read_manifest(target))
    assert f"{backup.FILESTORE}: missing" in problems
    assert any(p.startswith(f"{backup.DUMP}: sha256") for p in problems)


def test_an_edited_manifest_is_refused(tmp_path):
    target = _fake_backup(tmp_path, "dist_demo-1")
    manifest = backup.read_manifest(target)
    manifest["row_counts"]["res_partner"] += 1
    (target / backup.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(SetupError, match=r"manifest.json: not the one SHA256SUMS"):
        backup.verify_checksums(target)
    check = subprocess.run(
        ["sha256sum", "--quiet", "-c", backup.SUMS], cwd=target, capture_output=True
    )
    assert check.returncode == 1


def test_not_a_backup(tmp_path):
    with pytest.raises(SetupError, match="has no manifest.json"):
        backup.read_manifest(tmp_path)


def test_row_counts_compared_both_ways():
    assert backup.compare_counts({"a": 1, "b": 2}, {"a": 1, "b": 2}) == []
    problems = backup.compare_counts({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 0})
    assert problems == [
        "b: 2 rows backed up, 3 restored",
        "c: in the restore, not in the backup",
    ]
    assert backup.compare_counts({"a": 1}, {}) == [
        "a: in the backup, not in the restore"
    ]


def test_latest_backup_by_creation_time(tmp_path):
    assert backup.latest_backup(tmp_path) is None
    _fake_backup(tmp_path, "x-old", created_at="2026-12-01T00:00:00+00:00")
    new = _fake_backup(tmp_path, "a-new", created_at="2026-12-07T00:00:00+00:00")
    other = _fake_backup(
        tmp_path, "other", db="dist_large", created_at="2026-12-08T00:00:00+00:00"
    )
    assert backup.latest_backup(tmp_path) == other
    assert backup.latest_backup(tmp_path, "dist_demo") == new


def test_filestore_round_trip_and_unsafe_members(tmp_path):
    target = _fake_backup(tmp_path, "dist_demo-1")
    restored = tmp_path / "restored"
    backup._extract_filestore(target / backup.FILESTORE, restored)
    assert (restored / "ab" / "abcdef").read_bytes() == b"attachment"
    evil = tmp_path / "evil.tar.gz"
    outside = tmp_path / "outside"
    outside.write_text("x")
    with tarfile.open(evil, "w:gz") as tar:
        tar.add(outside, arcname="filestore/../../escaped")
    with pytest.raises(SetupError, match="leaves the file store"):
        backup._extract_filestore(evil, tmp_path / "restored2")
