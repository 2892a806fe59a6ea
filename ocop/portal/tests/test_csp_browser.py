"""Every page a system administrator can open, in Chromium, without a Content-Security-Policy
violation (inline script, handler attribute, outside resource)."""

import pytest

from ocop.portal.tests.test_permission_matrix import (  # noqa: F401
    OBJECT_KINDS,
    _url,
    council_account,
    routes,
    world,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Files, JSON and POST-only endpoints are not pages to look at.
SKIP = (
    "download",
    "export",
    "template",
    "schema",
    "progress",
    "token",
    "logout",
    "confirm",
    "remove",
    "value",
    "delete",
    "setlang",
    "target_add",
    "revoke",
    "certificate-issue",
    "set_language",
    "imports:errors",  # the problems of a batch as .xlsx
    "imports:file",  # the uploaded file itself
    "_csv",  # open data as CSV (a download)
    "_pdf",  # printable certificate and stamp sheets
    "verify_place",  # POST only (the optional "where did you scan")
    "score-sheet",  # a member's sheet as .xlsx through the API
)
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def test_no_page_breaks_the_content_security_policy(
    page,
    login,
    system_admin,
    world,  # noqa: F811
    council_account,  # noqa: F811
):
    # council_account: the world's councils and their assigned dossiers, whose sheets are pages too.
    page.add_init_script(WATCH)
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    login(system_admin)
    problems, seen = [], 0
    for route in routes():
        declared = route.access
        if declared is None or any(word in route.name for word in SKIP):
            continue
        if declared.admin_site and route.name != "admin:index":
            continue
        url = _url(route, declared, world, system_admin, True)
        if url is None:
            continue
        response = page.goto(page.base_url + url)
        if (
            response is None
            or response.status != 200
            or "html" not in response.headers.get("content-type", "")
        ):
            continue
        page.wait_for_load_state("load")
        seen += 1
        violations = page.evaluate("window.__csp") + console
        console.clear()
        if violations:
            problems.append(f"{url}: {violations}")
    assert seen > 30
    assert not problems, "\n".join(problems)


def test_the_static_script_still_narrows_the_communes_to_the_chosen_province(page, login, can_tho_officer):
    login(can_tho_officer)
    page.goto(page.base_url + "/registry/producers/new/")
    province = page.locator("select[name=province]")
    province.select_option(index=1)
    chosen = province.input_value()
    hidden = page.eval_on_selector_all(
        "select[name=commune] option[data-province]",
        "(options, p) => options.filter(o => o.hidden === (o.dataset.province === p)).length",
        chosen,
    )
    assert hidden == 0  # every commune of another province hidden, every one of this province shown
