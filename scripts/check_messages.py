"""Fails when a translatable string in the source is missing from its Korean catalogue.

Runs `make messages`'s makemessages on a scratch copy of the tree and compares, catalogue by
catalogue, the (context, msgid) pairs it finds with the committed .po files. The committed
files are never touched. Needs GNU gettext (xgettext), like makemessages itself.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_translations import parse_po  # noqa: E402

IGNORE = ["static/*", "staticfiles/*", "media/*", "node_modules/*", "tests/*", "benchmarks/*", "migrations/*"]


def keys(path: Path) -> set[tuple[str | None, str]]:
    if not path.exists():
        return set()
    return {(e.get("msgctxt"), e["msgid"]) for e in parse_po(path) if e["msgid"]}


def main() -> int:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    with tempfile.TemporaryDirectory(prefix="glab-messages-") as scratch:
        copy = Path(scratch)
        for name in tracked:
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
        manage = [sys.executable, "manage.py"]
        env = {"DEBUG": "1", "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": scratch}
        ignore = [arg for pattern in IGNORE for arg in ("--ignore", pattern)]
        subprocess.run([*manage, "makemessages", "-l", "ko", "--no-obsolete", *ignore], cwd=copy, env=env, check=True,
                       capture_output=True)
        subprocess.run([*manage, "makemessages", "-d", "djangojs", "-l", "ko", "--no-obsolete",
                        "--ignore", "static/vendor/*", "--ignore", "node_modules/*"], cwd=copy, env=env, check=True,
                       capture_output=True)
        problems = []
        for fresh in sorted(copy.glob("**/locale/ko/LC_MESSAGES/*.po")):
            relative = fresh.relative_to(copy)
            missing = keys(fresh) - keys(ROOT / relative)
            if missing:
                listed = ", ".join(repr(msgid) for _context, msgid in sorted(missing, key=str)[:10])
                problems.append(f"{relative}: {len(missing)} string(s) not in the catalogue: {listed}")
    if problems:
        print("Run `make messages` and translate the new strings:\n" + "\n".join(problems))
        return 1
    print("Every translatable string is in its Korean catalogue.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
