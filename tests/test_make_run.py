"""`make run` defaults to loopback; HOST/PORT open a trial to a phone on the office network; the
README and docs link only inside the repository."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dry_run(*overrides) -> str:
    """The command `make run` would serve with (run from `make test`, make's own variables
    are dropped so the inner make prints no directory lines)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    result = subprocess.run(
        ["make", "-n", "run", *overrides],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return next(line for line in result.stdout.splitlines() if "runserver" in line)


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_run_serves_on_loopback_by_default():
    line = dry_run()
    assert line.rstrip().endswith("runserver 127.0.0.1:8000")
    assert "ALLOWED_HOSTS='127.0.0.1,localhost'" in line


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_run_host_and_port_open_a_trial_to_the_office_network():
    line = dry_run("HOST=0.0.0.0", "PORT=8100")
    assert line.rstrip().endswith("runserver 0.0.0.0:8100")
    assert "ALLOWED_HOSTS='*'" in line


LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize(
    "document", [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name
)
def test_documents_link_only_to_files_of_the_repository(document):
    text = document.read_text()
    broken = []
    for target in LINK.findall(text):
        if target.startswith(("#", "mailto:")):
            continue
        path = (document.parent / target.split("#")[0]).resolve()
        if "://" in target or not path.is_relative_to(ROOT) or not path.exists():
            broken.append(target)
    broken += re.findall(r"`(\.\./[^`]+)`", text)
    assert not broken, f"{document.name} points outside the repository: {broken}"


def test_every_page_names_its_icon(client):
    page = client.get("/accounts/login/").content.decode()
    for icon in ("img/favicon.svg", "img/favicon-32.png", "img/apple-touch-icon.png"):
        assert icon in page
        assert (ROOT / "static" / icon).exists()


def test_the_readme_links_every_document():
    readme = (ROOT / "README.md").read_text()
    missing = [
        doc.name for doc in sorted((ROOT / "docs").glob("*.md")) if f"docs/{doc.name}" not in readme
    ]
    assert not missing, f"README does not link {missing}"
