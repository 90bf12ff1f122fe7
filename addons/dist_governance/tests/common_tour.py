"""The shared base of the role tours: one browser tour per role, from login.

A role tour logs in as a user of the role, starts at /odoo (so the user
lands on the home action their role sets), asserts that landing screen and
walks the role's main job with real clicks.

Screenshots: a tour step asks for one with
``run: () => console.info("dist_screenshot:<name>")`` (``<name>`` in
[a-z0-9_]+, the landing screen first: ``<role>_home``). When the
environment variable DIST_SCREENSHOTS names a directory, the page is
captured at that moment (Chrome DevTools ``Page.captureScreenshot``) and
written to ``<dir>/<name>.png``, overwriting; without it nothing is
written. Either way the page gets the attribute
``data-dist-screenshot="<name>"`` on its body once done, which the
``distScreenshot`` step of ``dist_governance/static/tests/tours/
role_tour_utils.js`` waits for, so the capture shows the step's trigger
and completes before the tour goes on. The browser waits for captures
still under way before it closes.

`make screenshots` runs the classes tagged ``dist_role_tour`` with
DIST_SCREENSHOTS=docs/roles/img. No test depends on the pictures.
"""

import base64
import io
import json
import logging
import os
import re
from concurrent.futures import wait
from pathlib import Path
from unittest.mock import patch

from odoo import Command
from odoo.tests import HttpCase, new_test_user
from odoo.tests import common as odoo_tests

_logger = logging.getLogger(__name__)

SCREENSHOT_SIGNAL = re.compile(r"^dist_screenshot:([a-z0-9_]+)$")
# the tag `make screenshots` selects the role tours by
ROLE_TOUR_TAG = "dist_role_tour"


def write_png(path, data):
    """Write the PNG `data` to `path`, reduced to 128 colours when Pillow
    can (a screen of the web client keeps its look at a third of the
    size)."""
    try:
        from PIL import Image

        image = Image.open(io.BytesIO(data)).convert("RGB")
        reduced = io.BytesIO()
        image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
            reduced, "PNG", optimize=True
        )
        data = reduced.getvalue()
    except Exception:  # the picture as Chrome made it
        _logger.info("screenshot %s kept unreduced", path, exc_info=True)
    Path(path).write_bytes(data)


def screenshot_dir():
    """The directory DIST_SCREENSHOTS names, or None."""
    path = os.environ.get("DIST_SCREENSHOTS")
    return Path(path) if path else None


class ScreenshotBrowser(odoo_tests.ChromeBrowser):
    """Odoo's test browser, answering the tours' screenshot requests."""

    def __init__(self, *args, **kwargs):
        self._dist_pending = []
        super().__init__(*args, **kwargs)

    def _handle_console(self, type, args=None, stackTrace=None, **kw):  # pylint: disable=redefined-builtin
        if type in ("info", "log") and args and len(args) == 1:
            match = SCREENSHOT_SIGNAL.match(str(self._from_remoteobject(args[0])))
            if match:
                self._dist_screenshot(match.group(1))
        return super()._handle_console(type, args=args, stackTrace=stackTrace, **kw)

    def _dist_screenshot(self, name):
        """Capture the page as <DIST_SCREENSHOTS>/<name>.png (runs in the
        websocket consumer thread: send, never wait here)."""
        directory = screenshot_dir()
        if not directory:
            self._dist_done(name)
            return

        def write(future):
            try:
                data = future.result(timeout=0)["data"]
                directory.mkdir(parents=True, exist_ok=True)
                write_png(directory / f"{name}.png", base64.b64decode(data))
                _logger.info("screenshot %s written", directory / f"{name}.png")
            except Exception:
                _logger.exception("screenshot %s could not be written", name)
            self._dist_done(name)

        future = self._websocket_send(
            "Page.captureScreenshot", params={"format": "png"}, with_future=True
        )
        if future is None:  # the browser is closing
            return
        self._dist_pending.append(future)
        future.add_done_callback(write)

    def _dist_done(self, name):
        self._websocket_send(
            "Runtime.evaluate",
            params={
                "expression": "document.body && document.body.setAttribute("
                f"'data-dist-screenshot', {json.dumps(name)})"
            },
        )

    def stop(self):
        # a capture asked for by the tour's last steps finishes first
        if self._dist_pending and self.ws is not None:
            wait(self._dist_pending, timeout=15)
        return super().stop()


class DistRoleTourCase(HttpCase):
    """Base of the role tours: users of a role, tours started at /odoo as them.

    Subclasses tag themselves with ``ROLE_TOUR_TAG`` (and post_install,
    -at_install) so `make screenshots` finds them.
    """

    # the window the screenshots show (Odoo's default, said here)
    browser_size = "1366x768"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

    @classmethod
    def tour_user(cls, login, name, *group_xmlids, company=None, tz="Europe/Brussels"):
        """An internal user `name` holding the role groups `group_xmlids`,
        working in `company` (default: the current one), in `tz`; password =
        login. Their home action is the one their role sets."""
        company = company or cls.env.company
        return new_test_user(
            cls.env,
            login=login,
            name=name,
            groups=",".join(("base.group_user",) + group_xmlids),
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            tz=tz,
        )

    def browser_js(self, *args, **kwargs):
        # Odoo builds its ChromeBrowser inside browser_js: ours answers the
        # screenshot requests (no change to Odoo itself)
        with patch.object(odoo_tests, "ChromeBrowser", ScreenshotBrowser):
            return super().browser_js(*args, **kwargs)

    def assert_lands_on(self, user, action_xmlid):
        """`user`'s role sets `action_xmlid` as their home action."""
        user.invalidate_recordset(["action_id"])
        self.assertEqual(user.action_id.id, self.env.ref(action_xmlid).id, user.login)

    def start_role_tour(self, tour_name, user, **kwargs):
        """`user` logs in and lands on /odoo, their home action, where
        `tour_name` starts."""
        self.assertTrue(user.action_id, f"{user.login} has a home action")
        # a whole role's job, on a shared 2-core machine: more than Odoo's
        # 60 seconds may be needed
        kwargs.setdefault("timeout", 180)
        return self.start_tour("/odoo", tour_name, login=user.login, **kwargs)
