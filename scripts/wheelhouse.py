"""Write every locked dependency as wheels for one named target into one folder (`make wheelhouse`).

Run by `make wheelhouse` with the interpreter of a throwaway builder venv made by uv for the target
Python (it has pip and packaging). Steps:

1. `uv export --frozen` the lock (runtime + the `ldap` extra; `--dev` adds the dev group) to a
   requirements file with the lock's hashes.
2. Keep each requirement whose environment marker holds on the target for some patch release of
   its Python (CPython X.Y on Linux), whatever the marker says about this machine.
3. `pip download --no-deps --require-hashes` them for the target (manylinux platforms up to the
   named glibc, `--python-version`, `--implementation cp`, `--abi cpXY`): a wheel where one exists
   for the target, otherwise the source distribution, hash-checked against the lock.
4. Build every source distribution into a wheel here (`pip wheel`): python-ldap has no wheels on
   PyPI and compiles against libldap/libsasl. A locally built wheel suits only a machine like this
   one, so this machine must itself be the target (Linux x86_64, CPython X.Y); checked first.
5. Download the wheel of the uv that ran step 1, for installing with no uv on the target.
6. Write requirements.txt (the export, markers kept for the installer to evaluate, plus the hash
   of each wheel built here), TARGET (what it was built for) and SHA256SUMS (every file), into a
   temporary folder that replaces the destination only when complete.

pip reads no configuration file here (this machine's indexes and find-links do not leak into the
result); the index is --index-url (PyPI by default, as recorded in uv.lock). See
docs/deployment.md, "Installing on a closed network".
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
Entries = list[tuple[Requirement, list[str]]]  # (requirement, its hashes) of a `uv export`
PLATFORM_RE = re.compile(r"^manylinux_(\d+)_(\d+)_(x86_64)$")
# pip settings from this machine that would change where files come from; everything else
# (proxies, certificates, timeouts) is kept.
PIP_SOURCE_VARIABLES = (
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "PIP_FIND_LINKS",
    "PIP_NO_INDEX",
    "PIP_CONSTRAINT",
    "PIP_REQUIREMENT",
    "PIP_ONLY_BINARY",
    "PIP_NO_BINARY",
)


def fail(message: str) -> NoReturn:
    sys.exit(f"make wheelhouse: {message}")


def target_platforms(platform_tag: str) -> list[str]:
    """Every manylinux tag a machine with this glibc accepts, newest first (pip does not expand
    manylinux_2_x itself)."""
    match = PLATFORM_RE.match(platform_tag)
    if not match or match.group(1) != "2":
        fail(f"WHEELHOUSE_PLATFORM={platform_tag}: expected manylinux_2_<glibc minor>_x86_64")
    minor, arch = int(match.group(2)), match.group(3)
    tags = [f"manylinux_2_{m}_{arch}" for m in range(minor, 4, -1)]
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    tags += [f"{name}_{arch}" for m, name in legacy.items() if m <= minor]
    return tags


def check_this_machine_is_the_target(python_version: str, platform_tag: str) -> None:
    """Wheels built here from source suit only a machine like this one."""
    arch = PLATFORM_RE.match(platform_tag).group(3)
    machine = {"amd64": "x86_64"}.get(platform.machine().lower(), platform.machine().lower())
    if sys.platform != "linux" or machine != arch:
        fail(f"the target is Linux {arch}: run this on one, not on {sys.platform} {machine}")
    here = f"{platform.python_implementation()} {sys.version_info.major}.{sys.version_info.minor}"
    if here != f"CPython {python_version}":
        fail(f"the target is CPython {python_version} but this interpreter is {here}")


def marker_environments(python_version: str) -> list[dict[str, str]]:
    """The marker environment of CPython X.Y on Linux x86_64, once per patch release."""
    return [
        {
            "implementation_name": "cpython",
            "implementation_version": f"{python_version}.{patch}",
            "os_name": "posix",
            "platform_machine": "x86_64",
            "platform_python_implementation": "CPython",
            "platform_system": "Linux",
            "python_full_version": f"{python_version}.{patch}",
            "python_version": python_version,
            "sys_platform": "linux",
            "extra": "",
        }
        for patch in range(0, 40)
    ]


def for_target(entries: Entries, python_version: str) -> Entries:
    """The entries whose marker holds on CPython X.Y on Linux x86_64, for some patch release."""
    environments = marker_environments(python_version)
    return [
        (req, hashes)
        for req, hashes in entries
        if req.marker is None or any(req.marker.evaluate(e) for e in environments)
    ]


def read_requirements(path: Path) -> Entries:
    """(requirement, hashes) for each entry of a `uv export` file."""
    entries = []
    text = path.read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec, *hashes = (part.strip() for part in line.split("--hash="))
        if spec.startswith("-"):
            fail(f"unexpected option in the export: {line}")
        entries.append((Requirement(spec), hashes))
    return entries


def pinned(req: Requirement) -> str:
    """The requirement without its marker."""
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    return f"{req.name}{extras}{req.specifier}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_requirements(args: argparse.Namespace, work: Path) -> Entries:
    exported = work / "export.txt"
    export = [args.uv, "export", "--frozen", "--quiet", "--format", "requirements.txt"]
    export += ["--no-emit-project", "--extra", "ldap", "--output-file", str(exported)]
    subprocess.run([*export, *([] if args.dev else ["--no-dev"])], check=True, cwd=ROOT)
    return read_requirements(exported)


def download(args: argparse.Namespace, wanted: Entries, work: Path) -> Path:
    """pip download of the wanted requirements for the target: wheels where the index has one for
    it, source distributions otherwise; every file checked against the lock's hashes."""
    requirements = work / "download.txt"
    requirements.write_text(
        "".join(
            f"{pinned(req)} {' '.join(f'--hash={h}' for h in hashes)}\n" for req, hashes in wanted
        )
    )
    downloads = work / "downloads"
    print(f"==> downloading {len(wanted)} locked distributions (hash-checked against uv.lock)")
    options = ["--no-deps", "--require-hashes", "--prefer-binary", *target_options(args)]
    pip(args, "download", *options, "--dest", downloads, "--requirement", requirements)
    return downloads


def build_sdists(args: argparse.Namespace, downloads: Path) -> dict[str, str]:
    """Build every downloaded source distribution into a wheel here: {name: wheel file name}."""
    built = {}
    for sdist in sorted(downloads.glob("*.tar.gz")) + sorted(downloads.glob("*.zip")):
        name, version = parse_sdist_filename(sdist.name)
        print(f"==> no wheel for the target on the index: building {name} {version} here")
        before = set(downloads.glob("*.whl"))
        pip(args, "wheel", "--no-deps", "--wheel-dir", downloads, sdist)
        (wheel,) = set(downloads.glob("*.whl")) - before
        built[canonicalize_name(name)] = wheel.name
        sdist.unlink()
    return built


def target_options(args: argparse.Namespace) -> list[str]:
    abi = "cp" + args.python_version.replace(".", "")
    options = ["--python-version", args.python_version, "--implementation", "cp", "--abi", abi]
    for tag in target_platforms(args.platform):
        options += ["--platform", tag]
    return options


def pip(args: argparse.Namespace, command: str, *options: str | Path) -> None:
    """Run this venv's pip with the index named on the command line and no configuration files."""
    env = {k: v for k, v in os.environ.items() if k not in PIP_SOURCE_VARIABLES}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    argv = [sys.executable, "-m", "pip", command, "--quiet", "--index-url", args.index_url]
    subprocess.run([*argv, *map(str, options)], check=True, env=env)


def write_manifest(
    args: argparse.Namespace,
    out: Path,
    entries: Entries,
    built: dict[str, str],
    uv_version: str,
    groups: str,
) -> None:
    """requirements.txt (markers kept for the installer to evaluate on its machine; each built
    wheel's hash added next to its source distribution's, so --require-hashes accepts it),
    TARGET, and SHA256SUMS of every file."""
    lines = []
    for req, hashes in entries:
        name = canonicalize_name(req.name)
        if name in built:
            hashes = [f"sha256:{sha256(out / built[name])}", *hashes]
        marker = f" ; {req.marker}" if req.marker else ""
        lines.append(f"{pinned(req)}{marker} {' '.join(f'--hash={h}' for h in hashes)}\n")
    (out / "requirements.txt").write_text(
        "# Install with no network: docs/deployment.md, 'Installing on a closed network'.\n"
        + "".join(lines)
    )
    from_source = ", ".join(f"{name} ({wheel})" for name, wheel in built.items()) or "none"
    (out / "TARGET").write_text(
        f"python={args.python_version}\nplatform={args.platform}\nimplementation=cp\n"
        f"groups={groups}\nuv={uv_version}\nuv_lock_sha256={sha256(ROOT / 'uv.lock')}\n"
        f"built_here={from_source}\nbuilt_on={platform.platform()}\n"
    )
    sums = [f"{sha256(p)}  {p.name}\n" for p in sorted(out.iterdir()) if p.name != "SHA256SUMS"]
    (out / "SHA256SUMS").write_text("".join(sums))
    print(f"==> {len(list(out.glob('*.whl')))} wheels; built here: {from_source}")


def build(args: argparse.Namespace, work: Path, out: Path) -> None:
    version = subprocess.run([args.uv, "--version"], check=True, capture_output=True, text=True)
    uv_version = version.stdout.split()[1]
    groups = "runtime + ldap extra" + (" + dev group" if args.dev else "")
    print(f"==> CPython {args.python_version} {args.platform}: {groups}, uv {uv_version}")

    entries = export_requirements(args, work)
    wanted = for_target(entries, args.python_version)
    downloads = download(args, wanted, work)
    built = build_sdists(args, downloads)
    print(f"==> downloading uv {uv_version}")
    options = ["--no-deps", "--only-binary", ":all:", *target_options(args)]
    pip(args, "download", *options, "--dest", downloads, f"uv=={uv_version}")

    got = {canonicalize_name(parse_wheel_filename(w.name)[0]) for w in downloads.glob("*.whl")}
    missing = {canonicalize_name(req.name) for req, _ in wanted} - got
    if missing:
        fail(f"no wheel for: {', '.join(sorted(missing))}")
    for wheel in downloads.glob("*.whl"):
        shutil.move(wheel, out / wheel.name)
    write_manifest(args, out, entries, built, uv_version, groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", required=True, type=Path, help="the wheelhouse folder (replaced)")
    parser.add_argument("--uv", required=True, help="the uv executable")
    parser.add_argument("--python-version", required=True, help="target CPython X.Y")
    parser.add_argument("--platform", required=True, help="e.g. manylinux_2_28_x86_64")
    parser.add_argument("--index-url", default="https://pypi.org/simple")
    parser.add_argument("--dev", action="store_true", help="include the dev dependency group")
    args = parser.parse_args()
    if not re.fullmatch(r"3\.\d+", args.python_version):
        fail(f"WHEELHOUSE_PYTHON={args.python_version}: expected 3.<minor>")
    target_platforms(args.platform)
    check_this_machine_is_the_target(args.python_version, args.platform)

    out = args.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".wheelhouse-", dir=out.parent) as tmp:
        staging = Path(tmp) / "wheelhouse"
        work = Path(tmp) / "work"
        staging.mkdir()
        work.mkdir()
        build(args, work, staging)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    print(f"==> wrote {out}")


if __name__ == "__main__":
    main()
