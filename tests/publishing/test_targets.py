"""Publishing targets: real rsync copies the published tree to a second directory (and, when an sshd is
installed, over SSH to this machine); a failing target never loses the local publish and is mirrored
again by the worker's task."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.test import override_settings

from gongkai.publishing import targets

pytestmark = pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed")

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _write(root: Path, relative: str, text: str, *, gz: bool = True) -> None:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(text, encoding="utf-8")
    if gz:
        (root / (relative + ".gz")).write_bytes(b"gz:" + text.encode())


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "published"
    _write(root, "index.html", "home")
    _write(root, "b/xiuwu/index.html", "xiuwu")
    _write(root, "records/r1/index.html", "record one")
    return root


def test_target_urls_are_ssh_or_file_and_nothing_else():
    assert targets.Target.parse("file:///srv/site").destination == "/srv/site/"
    ssh = targets.Target.parse("ssh://www@web1.example.gov.cn:2222/srv/site/")
    assert (ssh.destination, ssh.ssh_port) == ("www@web1.example.gov.cn:/srv/site/", 2222)
    for bad in ("rsync://web1/site", "file://relative/path", "ssh://web1", "/srv/site", "http://web1/site"):
        with pytest.raises(targets.TargetError):
            targets.Target.parse(bad)


def test_without_targets_sync_does_nothing(tree, settings):
    settings.PUBLISH_TARGETS = []
    targets.sync(tree, changed=["index.html"])
    targets.sync_all(tree)


def test_sync_copies_changed_files_with_their_gzip_copies_and_deletes_removed_ones(tree, tmp_path, settings):
    web1, web2 = tmp_path / "web1", tmp_path / "web2" / "deeper"
    settings.PUBLISH_TARGETS = [f"file://{web1}", f"file://{web2}"]
    targets.sync_all(tree)
    assert _files(web1) == _files(tree) == _files(web2)

    _write(tree, "records/r1/410.html", "withdrawn")
    for name in ("records/r1/index.html", "records/r1/index.html.gz"):
        (tree / name).unlink()
    _write(tree, "b/xiuwu/index.html", "xiuwu, new list")
    _write(tree, "stray.html", "not announced: not copied by an incremental sync")
    targets.sync(tree, changed=["records/r1/410.html", "b/xiuwu/index.html"], removed=["records/r1/index.html"])

    for web in (web1, web2):
        copied = _files(web)
        assert copied["b/xiuwu/index.html"] == b"xiuwu, new list"
        assert copied["b/xiuwu/index.html.gz"] == b"gz:xiuwu, new list"
        assert copied["records/r1/410.html"] == b"withdrawn"
        assert "records/r1/index.html" not in copied and "records/r1/index.html.gz" not in copied
        assert "stray.html" not in copied
        assert oct((web / "b/xiuwu/index.html").stat().st_mode & 0o777) == "0o644"  # nginx reads it


def test_sync_all_mirrors_with_deletion(tree, tmp_path, settings):
    web = tmp_path / "web"
    _write(web, "orphan/index.html", "left over from an old tree")
    settings.PUBLISH_TARGETS = [f"file://{web}"]
    targets.sync_all(tree)
    assert _files(web) == _files(tree)


@pytest.mark.django_db(transaction=True)
def test_a_failing_target_keeps_the_local_publish_and_is_mirrored_again_by_the_worker(tree, tmp_path, settings, caplog):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the target's parent directory should be")
    broken, good = tmp_path / "not-a-directory" / "site", tmp_path / "good"
    settings.PUBLISH_TARGETS = [f"file://{broken}", f"file://{good}"]
    settings.PUBLISH_ROOT = tree
    with override_settings(TASKS=DB_TASKS), caplog.at_level(logging.ERROR, logger="gongkai.publishing.targets"):
        targets.sync(tree, changed=["index.html"])
        targets.sync(tree, changed=["b/xiuwu/index.html"])  # a second failure queues no second retry

    assert (tree / "index.html").read_text() == "home"  # the local tree is untouched
    assert _files(good)["index.html"] == b"home"  # the other web server got its copy
    assert f"target file://{broken} failed" in caplog.text
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path="gongkai.publishing.targets.mirror_target")
    assert queued.count() == 1
    assert queued.get().run_after is not None  # later, not at once

    blocker.unlink()  # the web server is back
    with override_settings(TASKS=DB_TASKS):
        assert targets.mirror_target.call(f"file://{broken}", 0) is True
    assert _files(broken) == _files(tree)


# ---- rsync over SSH to a real sshd on this machine (optional: needs openssh-server) ----------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sshd(tmp_path):
    binary = shutil.which("sshd") or "/usr/sbin/sshd"
    if not Path(binary).exists() or os.geteuid() != 0:
        pytest.skip("sshd test needs openssh-server and root")
    keys = tmp_path / "ssh"
    keys.mkdir(mode=0o700)
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True)
    (keys / "authorized_keys").write_text((keys / "client.pub").read_text())
    port = _free_port()
    config = keys / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\nPidFile {keys / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {keys / 'authorized_keys'}\nPasswordAuthentication no\nPermitRootLogin prohibit-password\n"
        "UsePAM no\nStrictModes no\n"
    )
    Path("/run/sshd").mkdir(exist_ok=True)
    process = subprocess.Popen([binary, "-D", "-e", "-f", str(config)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    try:
        yield (
            port,
            (
                f"ssh -o BatchMode=yes -o ConnectTimeout=10 -i {keys / 'client'} "
                f"-o StrictHostKeyChecking=no -o UserKnownHostsFile={keys / 'known_hosts'}"
            ),
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_rsync_over_ssh_to_a_real_sshd(tree, tmp_path, settings, sshd):
    port, ssh_command = sshd
    web = tmp_path / "web-over-ssh"
    settings.PUBLISH_SSH_COMMAND = ssh_command
    settings.PUBLISH_TARGETS = [f"ssh://root@127.0.0.1:{port}{web}"]
    targets.sync_all(tree)
    assert _files(web) == _files(tree)
    (tree / "b/xiuwu/index.html").unlink()
    targets.sync(tree, removed=["b/xiuwu/index.html"])
    assert "b/xiuwu/index.html" not in _files(web)
