"""Django's own auth models are tables too: `User` (auth_user), `Group`, `Permission`; and
`get_user_model()` / `settings.AUTH_USER_MODEL` name the app's custom user model when it
has one (a subclass of AbstractUser or AbstractBaseUser), else Django's `User`."""

from __future__ import annotations

from pathlib import Path

from evaluate.helpers import write_app

from granularity.partition.context import PlanContext
from granularity.pipeline import GraphOptions, build

VIEWS = """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import path

    from .forms import SignupForm

    UserModel = get_user_model()

    def signup(request):
        form = SignupForm(request.POST)
        form.save()

    def invite(request):
        get_user_model().objects.create_user("a", "a@example.org", "pw")

    def exists(request):
        return UserModel.objects.filter(email="a@example.org").exists()

    def make_group(request):
        Group.objects.create(name="editors")

    urlpatterns = [path("s/", signup), path("i/", invite), path("e/", exists), path("g/", make_group)]
"""
FORMS = """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.forms import UserCreationForm

    class SignupForm(UserCreationForm):
        class Meta(UserCreationForm.Meta):
            model = get_user_model()
            fields = ("username",)
"""
SIGNALS = """
    from django.conf import settings
    from django.db.models.signals import post_save
    from django.dispatch import receiver

    @receiver(post_save, sender=settings.AUTH_USER_MODEL)
    def welcome(sender, instance, created, **kwargs):
        pass
"""


def _graph(tmp_path: Path, models: str):
    files = {"accounts/__init__.py": "", "accounts/views.py": VIEWS, "accounts/forms.py": FORMS,
             "accounts/signals.py": SIGNALS, "accounts/models.py": models}
    return build(write_app(tmp_path / "app", files), GraphOptions(jobs=1, use_cache=False)).graph


def _accesses(graph) -> set[tuple[str, str, str]]:
    return {(a.unit.rsplit(".", 1)[-1], a.resource, a.mode) for a in graph.accesses
            if a.resource.startswith("table:")}


def test_djangos_own_user_model(tmp_path: Path) -> None:
    graph = _graph(tmp_path, "from django.db import models\n")
    assert _accesses(graph) == {
        ("signup", "table:auth_user", "write"),      # a model form of get_user_model()
        ("invite", "table:auth_user", "write"),      # create_user() saves
        ("exists", "table:auth_user", "read"),
        ("make_group", "table:auth_group", "write"),
    }
    (trigger,) = [t for t in graph.entry_points if t.unit == "accounts.signals.welcome"]
    assert trigger.detail("table") == "table:auth_user"
    assert trigger.detail("model") == "django.contrib.auth.models.User"
    # saving a user runs the receiver in process: signup waits on it
    ctx = PlanContext(graph)
    assert ctx.atoms["accounts.views.signup"].fires == {"accounts.signals.welcome"}
    assert ctx.atoms["accounts.views.exists"].fires == frozenset()


def test_a_custom_user_model(tmp_path: Path) -> None:
    graph = _graph(tmp_path, """
        from django.contrib.auth.models import AbstractUser

        class Member(AbstractUser):
            pass
    """)
    users = {r for _, r, _ in _accesses(graph)} - {"table:auth_group"}
    assert users == {"table:accounts_member"}
    (trigger,) = [t for t in graph.entry_points if t.unit == "accounts.signals.welcome"]
    assert trigger.detail("table") == "table:accounts_member"


LOGIN_APP = {
    "accounts/__init__.py": "",
    "accounts/models.py": "from django.db import models\n",
    "accounts/views.py": """
        from django.contrib import auth
        from django.contrib.auth import login
        from django.urls import path

        def sign_in(request):
            login(request, request.user)

        def sign_out(request):
            auth.logout(request)

        def home(request):
            return "home"

        urlpatterns = [path("in/", sign_in), path("out/", sign_out), path("", home)]
    """,
    "accounts/signals.py": """
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.dispatch import receiver

        @receiver(user_logged_in)
        def touch_last_seen(sender, request, user, **kwargs):
            pass

        @receiver(user_logged_out)
        def forget_session(sender, request, user, **kwargs):
            pass
    """,
}


def test_login_and_logout_run_their_signal_receivers_in_process(tmp_path: Path) -> None:
    graph = build(write_app(tmp_path / "app", LOGIN_APP), GraphOptions(jobs=1, use_cache=False)).graph
    assert {(m.scope, m.detail) for m in graph.markers if m.kind == "signal"} == {
        ("accounts.views.sign_in", "user_logged_in"), ("accounts.views.sign_out", "user_logged_out")}
    ctx = PlanContext(graph)
    assert ctx.atoms["accounts.views.sign_in"].fires == {"accounts.signals.touch_last_seen"}
    assert ctx.atoms["accounts.views.sign_out"].fires == {"accounts.signals.forget_session"}
    assert ctx.atoms["accounts.views.home"].fires == frozenset()

    from granularity.partition.explain import _link

    assert _link(ctx, "accounts.views.sign_in", "accounts.signals.touch_last_seen") == (
        "`accounts.views.sign_in` sends `user_logged_in`, which runs signal receiver "
        "`accounts.signals.touch_last_seen` in process")
