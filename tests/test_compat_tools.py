"""make test-compat's own parts: the known-failures list, the verdicts, and
the plugin's choice of upstream tests (Odoo's loader and default tags)."""

import pytest

from tests.compat.plugin import odoo_selection, upstream_id
from tools.suite_lib import compat
from tools.suite_lib.common import SetupError

PURCHASE = "purchase/tests/test_purchase.py::TestPurchase"


def _result(test_id_, outcome, message=""):
    return {
        "id": test_id_,
        "addon": test_id_.split("/", 1)[0],
        "outcome": outcome,
        "duration": 0.1,
        "message": message,
    }


def test_known_failures_need_a_reason(tmp_path):
    listing = tmp_path / "known.txt"
    listing.write_text(
        "# a comment\n\n"
        f"{PURCHASE}::test_a   needs demo data (product.product_product_4)\n"
        f"{PURCHASE}\tneeds the account_accountant module\n"
    )
    known = compat.load_known_failures(listing)
    assert known == {
        f"{PURCHASE}::test_a": "needs demo data (product.product_product_4)",
        PURCHASE: "needs the account_accountant module",
    }
    listing.write_text(f"{PURCHASE}::test_a\n")
    with pytest.raises(SetupError, match="expected"):
        compat.load_known_failures(listing)
    listing.write_text(f"{PURCHASE}::test_a one\n{PURCHASE}::test_a two\n")
    with pytest.raises(SetupError, match="twice"):
        compat.load_known_failures(listing)


def test_an_entry_covers_its_test_or_its_class_only():
    known = {f"{PURCHASE}::test_a": "r", "stock/tests/test_move.py::StockMove": "r"}
    assert compat.matching_entry(f"{PURCHASE}::test_a", known)
    assert not compat.matching_entry(f"{PURCHASE}::test_ab", known)
    assert compat.matching_entry("stock/tests/test_move.py::StockMove::test_1", known)
    assert not compat.matching_entry(
        "stock/tests/test_move.py::StockMove2::test_1", known
    )


def test_suite_verdict_fails_unlisted_failures_and_listed_passes():
    known = {
        f"{PURCHASE}::test_listed": "needs demo data",
        f"{PURCHASE}::test_fixed": "needs demo data",
        "sale/tests/test_sale.py::TestSale::test_x": "not run this time",
    }
    results = {
        r["id"]: r
        for r in (
            _result(f"{PURCHASE}::test_ok", "passed"),
            _result(f"{PURCHASE}::test_listed", "failed", "call: KeyError"),
            _result(f"{PURCHASE}::test_fixed", "passed"),
            _result(f"{PURCHASE}::test_new", "failed", "call: UserError"),
            _result(f"{PURCHASE}::test_skip", "skipped"),
        )
    }
    passed, failed = compat.suite_verdict(results, known, ["purchase"])
    # test_new is not listed, test_fixed is listed and passed; the sale entry
    # is not judged, its addon did not run
    assert (passed, failed) == (2, 2)
    del results[f"{PURCHASE}::test_new"]
    results[f"{PURCHASE}::test_fixed"]["outcome"] = "failed"
    assert compat.suite_verdict(results, known, ["purchase"]) == (1, 0)
    # a test seen passing and failing without the suite may pass
    known[f"{PURCHASE}::test_listed"] = "[flaky] a tour that counts quants"
    results[f"{PURCHASE}::test_listed"]["outcome"] = "passed"
    assert compat.suite_verdict(results, known, ["purchase"]) == (2, 0)


def test_baseline_verdict_refutes_entries_that_pass_without_the_suite():
    known = {
        f"{PURCHASE}::test_demo": "needs demo data",
        f"{PURCHASE}::test_ours": "claimed, but the suite causes it",
    }
    results = {
        r["id"]: r
        for r in (
            _result(f"{PURCHASE}::test_demo", "failed", "call: ValueError: 12"),
            _result(f"{PURCHASE}::test_ours", "passed"),
        )
    }
    suite = {f"{PURCHASE}::test_demo": _result(f"{PURCHASE}::test_demo", "failed")}
    suite[f"{PURCHASE}::test_demo"]["message"] = "call: ValueError: 14"
    assert compat.baseline_verdict(results, known, ["purchase"], suite) == (1, 1)


def test_lanes_take_the_longest_first_onto_the_lightest():
    addons = ["queue_job", "purchase", "purchase_stock", "stock", "sale"]
    seconds = {"queue_job": 15, "purchase": 150, "purchase_stock": 500}
    seconds.update(stock=340, sale=180)
    lanes = compat.plan_lanes(addons, 2, seconds)
    # 500 + 150 s against 340 + 180 + 15 s, each lane in the given order
    assert lanes == [["purchase", "purchase_stock"], ["queue_job", "stock", "sale"]]
    assert compat.plan_lanes(addons, 1, seconds) == [addons]
    assert len(compat.plan_lanes(["sale"], 4)) == 1
    # an addon without a measure counts a minute
    assert compat.plan_lanes(["a", "b", "c"], 2, {"a": 100}) == [["a"], ["b", "c"]]


def test_upstream_tests_are_chosen_as_odoo_chooses():
    """Odoo runs each test from the module defining its class, only with the
    standard tag; pytest alone would also run imported base classes."""
    stock = odoo_selection("stock", "+standard")
    assert stock
    assert all(module.startswith("odoo.addons.stock.tests.") for module, *_ in stock)
    assert not [key for key in stock if key[1] == "TestStockCommon"]
    web = odoo_selection("web", "+standard")
    # tagged click_all and -standard: Odoo's default run leaves it out
    assert not [key for key in web if key[1] == "TestMenusAdmin"]
    assert ("odoo.addons.web.tests.test_click_everywhere", "TestMenusAdminLight") in {
        key[:2] for key in web
    }
    key = ("odoo.addons.stock.tests.test_move2", "TestPickShip", "test_mto_moves")
    assert key in stock
    assert (
        upstream_id(*key) == "stock/tests/test_move2.py::TestPickShip::test_mto_moves"
    )


def test_oca_adjustments_apply_once_and_only_where_needed(tmp_path):
    """The pinned stock_barcodes' list tooltips the Odoo source refuses are
    taken off; the rest of the view stays; applying again changes nothing."""
    from tools.suite_lib import oca_patches

    views = tmp_path / "odoo" / "addons" / "stock_barcodes" / "views"
    views.mkdir(parents=True)
    arch = views / "stock_move_line_views.xml"
    arch.write_text(
        '<field name="qty_picked" position="attributes">\n'
        '    <attribute name="optional">show</attribute>\n'
        "    <attribute\n"
        '        name="help"\n'
        "    >Quantity actually prepared.</attribute>\n"
        "</field>\n"
    )
    changed = oca_patches.apply_adjustments(tmp_path)
    assert changed == [("stock_barcodes", "views/stock_move_line_views.xml")]
    text = arch.read_text()
    assert 'name="help"' not in text
    assert '<attribute name="optional">show</attribute>' in text
    assert oca_patches.apply_adjustments(tmp_path) == []
    assert arch.read_text() == text
