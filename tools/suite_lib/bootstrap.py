"""Stage 1, on the system Python: the Odoo source and the virtualenv."""

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

from .common import (
    ENTRY,
    IN_VENV_FLAG,
    ODOO_BRANCH,
    ODOO_GIT_URL,
    REPO,
    SUPPORTED_PYTHONS,
    VENV,
    SetupError,
    Step,
    log_tail,
    odoo_src,
    run_logged,
    say,
)
from .oca_patches import apply_adjustments


def check_odoo_tree(path):
    """Return None when `path` holds Odoo 18.0, else what is wrong."""
    release = path / "odoo" / "release.py"
    if not (path / "odoo-bin").is_file() or not release.is_file():
        return f"no Odoo source at {path}"
    if not re.search(r"^version_info = \(18, 0,", release.read_text(), re.MULTILINE):
        return f"{path} holds an Odoo that is not 18.0"
    return None


def ensure_odoo_source():
    src = odoo_src()
    with Step(f"Odoo {ODOO_BRANCH} Community source ({src})") as step:
        problem = check_odoo_tree(src)
        if problem is None:
            step.note = "found"
            return src
        explicit = bool(os.environ.get("ODOO_SRC"))
        if explicit or src.exists():
            raise SetupError(
                f"{problem}.\n"
                f"Point ODOO_SRC at an Odoo {ODOO_BRANCH} Community checkout "
                f"(the directory holding odoo-bin), or remove {src} so that "
                f"set-up can clone {ODOO_GIT_URL} (branch {ODOO_BRANCH}) there."
            )
        if not shutil.which("git"):
            raise SetupError(
                f"{problem}, and git is not installed to clone it.\n"
                f"Install git, or put an Odoo {ODOO_BRANCH} Community checkout "
                f"at {src} (or anywhere, and set ODOO_SRC to it)."
            )
        say(f"    cloning {ODOO_GIT_URL} branch {ODOO_BRANCH} (shallow, ~1 GB)")
        tmp = src.with_name(src.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, GIT_TERMINAL_PROMPT="0")
        rc, log = run_logged(
            [
                "git",
                "clone",
                "--depth=1",
                "--single-branch",
                f"--branch={ODOO_BRANCH}",
                ODOO_GIT_URL,
                tmp,
            ],
            "odoo-clone.log",
            env=env,
        )
        if rc != 0 or check_odoo_tree(tmp) is not None:
            shutil.rmtree(tmp, ignore_errors=True)
            raise SetupError(
                f"{problem}, and cloning {ODOO_GIT_URL} (branch {ODOO_BRANCH}) "
                f"failed (no network?):\n{log_tail(log, 3)}\n"
                f"Put an Odoo {ODOO_BRANCH} Community checkout at {src}, or set "
                f"ODOO_SRC=/path/to/odoo (the directory holding odoo-bin), "
                f"then run the command again."
            )
        tmp.rename(src)
        step.note = "cloned"
        return src


def find_python():
    """The interpreter for .venv: $PYTHON, else python3.11, python3.12, python3."""
    candidates = [os.environ.get("PYTHON")] if os.environ.get("PYTHON") else []
    candidates += ["python3.11", "python3.12", "python3"]
    seen = []
    for cand in candidates:
        exe = shutil.which(cand)
        if not exe:
            continue
        try:
            out = subprocess.run(
                [
                    exe,
                    "-c",
                    "import sys, venv; print('%d.%d' % sys.version_info[:2])",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (subprocess.CalledProcessError, OSError):
            continue
        seen.append(f"{cand} ({out})")
        if out in SUPPORTED_PYTHONS:
            return exe, out
    raise SetupError(
        "Odoo 18 and the pinned requirements need Python 3.11 or 3.12 "
        "with the venv module; found "
        + (", ".join(seen) or "no python3 at all")
        + ".\nInstall python3.11 (Debian/Ubuntu: apt install python3.11 "
        "python3.11-venv python3.11-dev) or set PYTHON=/path/to/python3.11."
    )


def venv_python():
    return VENV / "bin" / "python"


def venv_site_packages():
    out = subprocess.run(
        [
            str(venv_python()),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return Path(out)


def requirements_stamp(pyver):
    digest = hashlib.sha256()
    for name in (
        "requirements.txt",
        "oca-addons.txt",
        "tools/suite_lib/oca_patches.py",
    ):
        digest.update((REPO / name).read_bytes())
    digest.update(pyver.encode())
    return digest.hexdigest()


def ensure_venv(src):
    with Step("Python virtualenv (.venv) with requirements.txt and OCA addons") as step:
        exe, pyver = find_python()
        stamp_file = VENV / ".dist-suite-stamp"
        stamp = requirements_stamp(pyver)
        healthy = venv_python().exists() and (
            stamp_file.exists() and stamp_file.read_text().strip() == stamp
        )
        if not healthy:
            if not venv_python().exists():
                say(f"    creating .venv with Python {pyver}")
                rc, log = run_logged([exe, "-m", "venv", VENV], "venv.log")
                if rc != 0:
                    raise SetupError(
                        f"Could not create {VENV} with {exe}:\n{log_tail(log)}\n"
                        "On Debian/Ubuntu: apt install python3.11-venv"
                    )
            pip = [venv_python(), "-m", "pip", "--disable-pip-version-check"]
            say("    installing requirements.txt (first time takes a minute or two)")
            rc, log = run_logged(
                pip + ["install", "-r", REPO / "requirements.txt"], "pip.log"
            )
            if rc != 0:
                hint = ""
                if "pg_config" in Path(log).read_text(errors="replace"):
                    hint = (
                        "\npsycopg2 needs the PostgreSQL client headers: "
                        "apt install libpq-dev (Debian/Ubuntu)."
                    )
                raise SetupError(
                    f"pip could not install requirements.txt "
                    f"(full log: {log}):\n{log_tail(log, 12)}{hint}"
                )
            say("    installing the OCA addons pinned in oca-addons.txt (--no-deps)")
            rc, log = run_logged(
                pip + ["install", "--no-deps", "-r", REPO / "oca-addons.txt"],
                "pip-oca.log",
            )
            if rc != 0:
                raise SetupError(
                    f"pip could not install the OCA addons "
                    f"(full log: {log}):\n{log_tail(log, 12)}"
                )
            for addon, name in apply_adjustments(venv_site_packages()):
                say(f"    adjusted {addon}/{name} (tools/suite_lib/oca_patches.py)")
            stamp_file.write_text(stamp + "\n")
            step.note = f"installed, Python {pyver}"
        else:
            step.note = f"up to date, Python {pyver}"
        # `import odoo` from the virtualenv (pytest-odoo, the scenario
        # generator): a .pth file pointing at the source, rewritten every time
        # in case ODOO_SRC moved.
        (venv_site_packages() / "dist-suite-odoo-src.pth").write_text(f"{src}\n")


def reexec_in_venv(argv):
    env = dict(os.environ, **{IN_VENV_FLAG: "1"})
    env["ODOO_SRC"] = str(odoo_src())
    os.execve(str(venv_python()), [str(venv_python()), str(ENTRY)] + argv, env)
