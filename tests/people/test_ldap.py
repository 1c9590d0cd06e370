"""Directory sign-in against a real OpenLDAP server: Debian's ``slapd`` started here on
127.0.0.1 with a throwaway configuration. Skipped on a machine without slapd or python-ldap,
except in CI (``CI`` set), where those are installed and the tests must run."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.enums import AccountSource
from accounts.models import User
from tests.factories import UserFactory
from tests.factories.people import STAFF_HEADER, csv_bytes, run

from .conftest import STAFF_ROWS

pytestmark = pytest.mark.django_db

SUFFIX = "dc=gyeongnam,dc=go,dc=kr"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "throwaway-root"
PEOPLE = f"ou=people,{SUFFIX}"
DIRECTORY_PASSWORD = "Directory-pw-2026"
SCHEMAS = ("core", "cosine", "inetorgperson")


def _slapd() -> str | None:
    return shutil.which("slapd") or shutil.which("slapd", path="/usr/sbin:/usr/local/sbin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def directory():
    """A running slapd with an empty tree; yields its URI. Stopped and deleted afterwards."""
    binary = _slapd()
    try:
        import ldap  # noqa: F401
    except ImportError:
        ldap = None
    if binary is None or ldap is None:
        missing = "slapd" if binary is None else "python-ldap (the 'ldap' extra)"
        if os.environ.get("CI"):
            pytest.fail(f"{missing} is required in CI for the directory sign-in tests")
        pytest.skip(f"{missing} is not installed")
    import ldap

    workdir = Path(tempfile.mkdtemp(prefix="glab-slapd-"))
    (workdir / "data").mkdir()
    schema_dir = Path("/etc/ldap/schema")
    modules = next(
        (
            p
            for p in ("/usr/lib/ldap", "/usr/lib64/openldap", "/usr/lib/openldap")
            if Path(p).is_dir()
        ),
        None,
    )
    config = [f"include {schema_dir / name}.schema" for name in SCHEMAS]
    config += [f"pidfile {workdir / 'slapd.pid'}"]
    if modules and list(Path(modules).glob("back_mdb*")):
        config += [f"modulepath {modules}", "moduleload back_mdb"]
    config += [
        "database mdb",
        f'suffix "{SUFFIX}"',
        f'rootdn "{ROOT_DN}"',
        f"rootpw {ROOT_PASSWORD}",
        f"directory {workdir / 'data'}",
        "maxsize 16777216",
    ]
    (workdir / "slapd.conf").write_text("\n".join(config) + "\n")
    port = _free_port()
    uri = f"ldap://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603 - our own slapd binary and arguments
        [binary, "-f", str(workdir / "slapd.conf"), "-h", f"{uri}/", "-d", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                conn = ldap.initialize(uri)
                conn.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
                break
            except ldap.SERVER_DOWN:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"slapd did not start: {process.stderr.read().decode()}"
                    ) from None
                time.sleep(0.1)
        conn.add_s(
            SUFFIX,
            [
                ("objectClass", [b"dcObject", b"organization"]),
                ("dc", [b"gyeongnam"]),
                ("o", [b"Gyeongnam"]),
            ],
        )
        conn.add_s(PEOPLE, [("objectClass", [b"organizationalUnit"]), ("ou", [b"people"])])
        conn.unbind_s()
        yield uri
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def add_person(
    uri: str, uid: str, *, employee_number: str | None, password: str = DIRECTORY_PASSWORD
) -> None:
    import ldap

    conn = ldap.initialize(uri)
    conn.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
    dn = f"uid={uid},{PEOPLE}"
    with contextlib.suppress(ldap.NO_SUCH_OBJECT):
        conn.delete_s(dn)
    attrs = [
        ("objectClass", [b"inetOrgPerson"]),
        ("uid", [uid.encode()]),
        ("cn", [uid.encode()]),
        ("sn", [uid.encode()]),
        ("userPassword", [password.encode()]),
    ]
    if employee_number:
        attrs.append(("employeeNumber", [employee_number.encode()]))
    conn.add_s(dn, attrs)
    conn.unbind_s()


@pytest.fixture
def ldap_settings(settings, directory):
    """The portal configured as the settings module does when LDAP_SERVER_URI is set."""
    import ldap
    from django_auth_ldap.config import LDAPSearch

    settings.AUTH_LDAP_SERVER_URI = directory
    settings.AUTH_LDAP_BIND_DN = ROOT_DN
    settings.AUTH_LDAP_BIND_PASSWORD = ROOT_PASSWORD
    settings.AUTH_LDAP_USER_SEARCH = LDAPSearch(
        PEOPLE, ldap.SCOPE_SUBTREE, "(employeeNumber=%(user)s)"
    )
    settings.AUTH_LDAP_NO_NEW_USERS = True
    settings.AUTH_LDAP_ALWAYS_UPDATE_USER = False
    backends = list(settings.AUTHENTICATION_BACKENDS)
    backends.insert(
        backends.index("django.contrib.auth.backends.ModelBackend"),
        "accounts.backends.DirectoryBackend",
    )
    settings.AUTHENTICATION_BACKENDS = backends
    return settings


@pytest.fixture
def imported_staff(db):
    run(
        org=csv_bytes(
            ["부서코드", "부서명"],
            [["GENA", "총무과"], ["ICT", "정보통신담당관"], ["INNO", "도정혁신추진단"]],
        ),
        staff=csv_bytes(STAFF_HEADER, STAFF_ROWS),
    )
    return User.objects.get(username="1001")


def sign_in(client, username: str, password: str = DIRECTORY_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_an_imported_person_signs_in_with_the_directory_password(
    client, ldap_settings, directory, imported_staff
):
    add_person(directory, "kim.chongmu", employee_number="1001")
    assert not imported_staff.has_usable_password()

    response = sign_in(client, "1001")

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(imported_staff.pk)
    assert "김총무" in client.get(reverse("home")).content.decode()
    imported_staff.refresh_from_db()
    assert imported_staff.full_name == "김총무"  # the directory changes nothing in the account


def test_a_wrong_directory_password_is_refused(client, ldap_settings, directory, imported_staff):
    add_person(directory, "kim.chongmu", employee_number="1001")

    response = sign_in(client, "1001", "wrong-password")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_a_directory_entry_without_an_imported_person_creates_nobody(
    client, ldap_settings, directory, imported_staff
):
    add_person(directory, "new.person", employee_number="7777")
    local = UserFactory(username="EXT-9", source=AccountSource.LOCAL)
    add_person(directory, "outside", employee_number=local.username)
    users = User.objects.count()

    sign_in(client, "7777")
    assert SESSION_KEY not in client.session
    sign_in(client, local.username)
    assert SESSION_KEY not in client.session  # local accounts sign in with the portal password only
    assert User.objects.count() == users


def test_the_login_name_may_be_the_directory_uid(client, ldap_settings, directory, imported_staff):
    import ldap
    from django_auth_ldap.config import LDAPSearch

    ldap_settings.AUTH_LDAP_USER_SEARCH = LDAPSearch(PEOPLE, ldap.SCOPE_SUBTREE, "(uid=%(user)s)")
    add_person(directory, "kim.chongmu", employee_number="1001")

    sign_in(client, "kim.chongmu")

    assert client.session[SESSION_KEY] == str(imported_staff.pk)


def test_a_deactivated_person_is_refused_and_their_session_ends(
    client, ldap_settings, directory, imported_staff
):
    add_person(directory, "kim.chongmu", employee_number="1001")
    sign_in(client, "1001")
    assert client.session[SESSION_KEY] == str(imported_staff.pk)

    run(staff=csv_bytes(STAFF_HEADER, STAFF_ROWS[1:]), full=True)  # 1001 left

    response = client.get(reverse("proposals:my-proposals"))
    assert response.status_code == 302 and response.wsgi_request.user.is_anonymous
    response = sign_in(client, "1001")
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_the_settings_turn_directory_sign_in_on_from_the_environment():
    env = {
        **os.environ,
        "SECRET_KEY": "x",
        "LDAP_SERVER_URI": "ldap://127.0.0.1:1",
        "LDAP_USER_SEARCH_BASE": PEOPLE,
        "LDAP_USER_FILTER": "(uid=%(user)s)",
        "LDAP_BIND_DN": ROOT_DN,
    }
    code = (
        "import glab_portal.settings as s;"
        "print(s.AUTHENTICATION_BACKENDS.index('accounts.backends.DirectoryBackend')"
        " < s.AUTHENTICATION_BACKENDS.index('django.contrib.auth.backends.ModelBackend'),"
        " s.AUTH_LDAP_USER_SEARCH.base_dn, s.AUTH_LDAP_USER_SEARCH.filterstr, s.AUTH_LDAP_NO_NEW_USERS)"
    )
    if not os.environ.get("CI"):
        pytest.importorskip("django_auth_ldap")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(  # noqa: S603 - this interpreter
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", PEOPLE, "(uid=%(user)s)", "True"]

    unset = {k: v for k, v in env.items() if not k.startswith("LDAP_")}
    code = "import glab_portal.settings as s; print('accounts.backends.DirectoryBackend' in s.AUTHENTICATION_BACKENDS)"
    result = subprocess.run(  # noqa: S603 - this interpreter
        [sys.executable, "-c", code],
        env=unset,
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"
