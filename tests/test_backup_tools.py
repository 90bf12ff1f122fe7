"""make backup / restore / verify-backup's own parts that need no database:
the checksum check that refuses a damaged backup, the row count comparison,
the choice of the latest backup and the file store archive's round trip."""

import json
import os
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


def _store(root, names):
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(name.encode())
    return root


def test_a_file_removed_during_the_copy_is_skipped(tmp_path, monkeypatch):
    # the garbage collector removes a file between the walk and its copy
    store = _store(tmp_path / "store", ["ab/keep", "cd/gone"])
    original = tarfile.TarFile.gettarinfo

    def gettarinfo(self, name=None, *args, **kwargs):
        if str(name).endswith("gone"):
            (store / "cd" / "gone").unlink()
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(tarfile.TarFile, "gettarinfo", gettarinfo)
    files, size, members = backup._tar_filestore(store, tmp_path / "fs.tar.gz")
    assert (files, members) == (1, {"ab/keep"})
    backup._extract_filestore(tmp_path / "fs.tar.gz", tmp_path / "out")
    assert (tmp_path / "out" / "ab" / "keep").read_bytes() == b"ab/keep"
    assert not (tmp_path / "out" / "cd").exists()


def test_a_copy_without_a_referenced_file_fails(tmp_path):
    store = _store(tmp_path / "store", ["ab/keep", "ab/extra"])
    archive = tmp_path / "fs.tar.gz"
    assert backup._copy_filestore(store, archive, ["ab/keep"])[0] == 2
    with pytest.raises(
        SetupError, match=r"^2 attachment file\(s\).*cd/gone1, cd/gone2"
    ):
        backup._copy_filestore(store, archive, ["ab/keep", "cd/gone1", "cd/gone2"])


def test_the_copy_is_taken_once_more_when_a_file_is_missing(tmp_path, monkeypatch):
    store = _store(tmp_path / "store", ["ab/keep"])
    calls = []
    original = backup._tar_filestore

    def tar_filestore(source, target):
        calls.append(source)
        result = original(source, target)
        # the file appears only after the first walk
        _store(store, ["cd/late"])
        return result

    monkeypatch.setattr(backup, "_tar_filestore", tar_filestore)
    files, _size = backup._copy_filestore(
        store, tmp_path / "fs.tar.gz", ["ab/keep", "cd/late"]
    )
    assert (files, len(calls)) == (2, 2)


def test_a_failed_backup_leaves_no_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "require_tools", lambda *names: None)
    monkeypatch.setattr(backup, "database_exists", lambda db: True)

    def pg_connect(db):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(backup, "pg_connect", pg_connect)
    with pytest.raises(SetupError, match=r"RuntimeError: connection refused.*removed"):
        backup.backup("dist_demo", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_filestore_swap(tmp_path):
    current = _store(tmp_path / "filestore" / "prod", ["ab/old"])
    new = _store(tmp_path / "filestore" / "prod__restoring_1", ["ab/new"])
    backup._swap_filestore(new, current)
    assert sorted(p.name for p in (tmp_path / "filestore").iterdir()) == ["prod"]
    assert [p.name for p in (current / "ab").iterdir()] == ["new"]
    # no file store yet
    new = _store(tmp_path / "filestore" / "other__restoring_1", ["ab/x"])
    backup._swap_filestore(new, tmp_path / "filestore" / "other")
    assert (tmp_path / "filestore" / "other" / "ab" / "x").is_file()
    assert not new.exists()


def test_temporary_names_fit_postgresql():
    name = backup._temporary_name("x" * 63, "restoring")
    assert len(name) == 63 and name.endswith(f"__restoring_{os.getpid()}")
    assert backup._temporary_name("prod", "restoring").startswith("prod__restoring_")
