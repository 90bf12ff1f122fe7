"""Every public method of the suite, called over RPC by the low roles.

The test lists the public methods (callable over RPC: no leading `_`, not
`@api.private`) that the suite's addons (bridges included) define on any
model, their own and the Odoo/OCA models they extend, Odoo's methods they
override included (create, write, unlink, action_confirm, ...), but not
those they merely inherit. Each must be classified in GUARDS (what guards
it: the table of docs/security.md); a new one fails
test_every_public_method_is_classified.

Each is then called as a buyer, a warehouse operator, a service agent, a
portal user and an internal user with no role of the suite, all of one
company, on a record of that company, in a savepoint rolled back after the
call: an AccessError/UserError is expected, with nothing changed, unless
ALLOWED lets that role call it and says why that is safe.

Post-install, in tests/ (make test runs it with every addon of the suite
installed): it sees every installed addon's models; the roles of an addon
that is not installed are left out.
"""

import contextlib
import copy
import inspect
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.service.model import get_public_method
from odoo.tests import new_test_user, tagged

from odoo.addons.dist_governance.tests.common import DistRolesCase

# the low roles: a key and the group that makes them (the portal user and
# the internal user with no role of the suite hold only what they say)
ROLES = {
    "buyer": "dist_purchase_policy.group_buyer",
    "operator": "dist_wms_rules.group_warehouse_operator",
    "agent": "dist_helpdesk_cases.group_service_agent",
    "portal": "base.group_portal",
    "internal": "base.group_user",
}
# the internal roles: allow-list entries open to all of them are never
# open to a portal user
ALL = frozenset({"buyer", "operator", "agent", "internal"})
# the roles of the suite among them (they hold "Distribution Suite: any role")
SUITE = frozenset({"buyer", "operator", "agent"})

# Every public method of the suite, with what guards it against the low
# roles (the table of docs/security.md): a role check (which groups), the
# ACL and record rules of the record (the ORM checks the caller before the
# method acts with more rights), or nothing to guard (it changes nothing).
# A public method missing here fails test_every_public_method_is_classified.
ORM = "ORM: the caller's ACL and record rules are checked before anything is written"
CREATED = (
    ORM + "; then it is created only in its first status (tier.validation "
    "create: a later status, given or by a context default, is refused) and "
    "its system fields are refused"
)
SHOWS = "changes nothing: returns a window action, opened under the caller's rights"
GUARDS = {
    ("auditlog.rule", "create"): ORM + " (auditlog's manager group: Settings "
    "administrators); then the registry cache of logged fields is cleared",
    ("auditlog.rule", "write"): ORM + " (auditlog's manager group)",
    ("auditlog.rule", "unlink"): ORM + " (auditlog's manager group)",
    ("auditlog.rule", "subscribe"): "write access to the rule (auditlog's manager "
    "group) checked before auditlog creates the View logs action as superuser",
    ("auditlog.rule", "unsubscribe"): "write access to the rule (auditlog's "
    "manager group) checked before auditlog unhooks the logging from the models",
    ("comment.wizard", "add_comment"): "only the caller's own open reviews of the "
    "document (reviewer check), then validate_tier/reject_tier's checks",
    ("dist.approval.delegation", "create"): ORM + "; then only the caller's own "
    "delegations (delegator = caller, or a governance controller)",
    ("dist.approval.delegation", "write"): ORM + "; then the caller's own only",
    ("dist.approval.matrix", "create"): ORM + " (governance controller); the "
    "tier definition is generated, never chosen",
    ("dist.approval.matrix", "write"): ORM + " (governance controller); the "
    "tier definition cannot be written off the review route",
    ("dist.approval.matrix", "unlink"): "unlink access (governance controller, "
    "company rule) checked before the tier definition is archived with sudo",
    ("dist.audit.entry", "create"): "superuser only (the suite logs as system)",
    ("dist.audit.entry", "write"): "superuser only",
    ("dist.audit.entry", "unlink"): "superuser only",
    ("dist.case.classifier", "action_train"): "role check: Service manager; "
    "then write access to the classifier (company rule); the nightly "
    "training is the private _cron_dist_train",
    ("dist.case.resolution", "action_cancel"): "role check: Service agent; then "
    "write access (company rule); drafts only",
    ("dist.case.resolution", "action_open_documents"): SHOWS,
    ("dist.case.resolution", "create"): CREATED,
    ("dist.case.resolution.line", "create"): ORM + " (service agents); only on a "
    "draft resolution not yet asked for approval",
    ("dist.case.resolution.line", "write"): ORM + " (service agents); product, "
    "quantity, price and move are frozen once the resolution exists",
    ("dist.case.resolution.line", "unlink"): ORM + " (no role deletes lines); "
    "frozen as on write",
    ("dist.case.resolution", "reject_tier"): "read access, then the caller must "
    "review one of its open reviews (_dist_check_reviewer)",
    ("dist.case.resolution", "request_validation"): "role check: Service agent; "
    "then write access (company rule)",
    ("dist.case.resolution", "restart_validation"): "without reviews: write "
    "access; with reviews: the requester, a reviewer or who decided one",
    ("dist.case.resolution", "unlink"): ORM + " (reviews removed on the review "
    "route after the document's unlink access is checked)",
    ("dist.case.resolution", "validate_tier"): "not the requester nor an earlier "
    "approver, and the caller must review one of its open reviews; carrying "
    "out runs only once validated",
    ("dist.case.resolution", "write"): ORM + "; what was asked for approval is "
    "frozen to all but the system",
    ("dist.exception", "action_archive"): "refused to every user (UserError): "
    "only the retention, as the superuser, archives exceptions",
    ("dist.exception", "action_unarchive"): "as action_archive",
    ("dist.exception", "action_cancel"): ORM + " (plain write as the caller: "
    "any role of the suite, company rule)",
    ("dist.exception", "action_open_source"): SHOWS,
    ("dist.exception", "action_resolve"): ORM + " (as action_cancel); the "
    "linked case is closed after the caller's write passed",
    ("dist.exception", "action_start"): ORM + " (as action_cancel)",
    ("dist.exception", "create"): ORM + " (any role of the suite, company "
    "rule); the system fields are completed by the suite",
    ("dist.exception", "write"): ORM + "; the system fields are refused to all "
    "but the system; the owner must hold the type's group",
    ("dist.inventory.adjustment", "action_cancel"): "the requester or a "
    "Warehouse manager, with write access (company rule); drafts only",
    ("dist.inventory.adjustment", "create"): CREATED + " (the counted figures "
    "among them: requests come from the count)",
    ("dist.inventory.adjustment", "reject_tier"): "as on case resolutions",
    ("dist.inventory.adjustment", "request_validation"): "write access (Inventory "
    "user ACL, company rule)",
    ("dist.inventory.adjustment", "restart_validation"): "as on case resolutions",
    ("dist.inventory.adjustment", "unlink"): "as on case resolutions",
    ("dist.inventory.adjustment", "validate_tier"): "as on case resolutions; the "
    "count is applied only once validated",
    ("dist.inventory.adjustment", "write"): ORM + "; the count is frozen to all "
    "but the system",
    ("dist.kpi", "action_drill"): SHOWS,
    ("dist.kpi", "action_exceptions"): SHOWS,
    ("dist.kpi", "action_history"): SHOWS,
    ("dist.kpi.baseline", "action_compute"): "write access to the baseline "
    "(Executive ACL, company rule)",
    ("dist.kpi.baseline", "create"): ORM + "; then action_compute's check",
    ("spreadsheet.dashboard", "create"): ORM + " (spreadsheet_dashboard's "
    "managers: Settings); then the Dashboards menu's groups follow the "
    "published dashboards, written with sudo",
    ("spreadsheet.dashboard", "write"): ORM + " (as create)",
    ("spreadsheet.dashboard", "unlink"): ORM + " (as create)",
    ("dist.kpi.snapshot", "read_group"): "read access (the control tower's "
    "readers, company rule) as Odoo's read_group; it only blanks the totals of "
    "groups that mix KPIs of different units",
    ("dist.kpi.snapshot", "action_open_records"): SHOWS,
    ("dist.leadtime.proposal", "action_apply"): "role check: Purchasing manager; "
    "open proposals only",
    ("dist.leadtime.proposal", "action_reject"): "role check: Purchasing manager",
    ("dist.leadtime.proposal", "write"): ORM + "; its decision fields only "
    "through Apply/Reject (a server-side token, not a context flag)",
    ("dist.policy.override", "action_approve"): ORM + " (plain write as the "
    "caller: buyer ACL, company rule), validated overrides only",
    ("dist.policy.override", "action_cancel"): ORM + " (as action_approve)",
    ("dist.policy.override", "action_draft"): ORM + " (as action_approve), then "
    "restart_validation's check",
    ("dist.policy.override", "create"): CREATED,
    ("dist.policy.override", "reject_tier"): "as on case resolutions",
    ("dist.policy.override", "request_validation"): "write access (buyer ACL, "
    "company rule)",
    ("dist.policy.override", "restart_validation"): "as on case resolutions",
    ("dist.policy.override", "unlink"): "as on case resolutions",
    ("dist.policy.override", "validate_tier"): "as on case resolutions",
    ("dist.policy.override", "write"): ORM + "; OCA's bypass context keys count "
    "only on the review route",
    ("dist.product.segment", "action_request_override"): SHOWS + " (the new "
    "override's form)",
    ("dist.purchase.recommendation", "action_approve"): ORM + " (write as the "
    "caller: buyer ACL, company rule)",
    ("dist.purchase.recommendation", "action_create_orders"): "write access "
    "(buyer ACL, company rule) checked before the transfers are made with sudo",
    ("dist.purchase.recommendation", "action_open_dismiss"): SHOWS + " (the "
    "dismiss wizard); read access to the recommendations",
    ("dist.purchase.recommendation", "action_reset"): ORM + " (as action_approve)",
    ("dist.purchase.recommendation", "write"): ORM + "; status and links only "
    "through the buttons (a server-side token)",
    ("dist.replenishment.settings", "create"): ORM + " (purchasing manager only); "
    "then the company's settings are written with sudo only when the caller "
    "holds the role and the company is one of theirs",
    ("dist.replenishment.settings", "write"): ORM
    + " (purchasing manager only); then the same "
    "role and company check before the company's settings are written",
    (
        "dist.replenishment.settings",
        "action_save",
    ): "changes nothing (the form saved before); the same role and company check",
    ("dist.governance.settings", "create"): ORM + " (governance controller only); "
    "then the company's settings are written with sudo only when the caller "
    "holds the role and the company is one of theirs",
    ("dist.governance.settings", "write"): ORM
    + " (governance controller only); then the same "
    "role and company check before the company's settings are written",
    (
        "dist.governance.settings",
        "action_save",
    ): "changes nothing (the form saved before); the same role and company check",
    ("dist.warehouse.settings", "create"): ORM + " (warehouse manager only); "
    "then the company's settings are written with sudo only when the caller "
    "holds the role and the company is one of theirs",
    ("dist.warehouse.settings", "write"): ORM
    + " (warehouse manager only); then the same "
    "role and company check before the company's settings are written",
    (
        "dist.warehouse.settings",
        "action_save",
    ): "changes nothing (the form saved before); the same role and company check",
    ("dist.purchase.recommendation.dismiss", "action_dismiss"): ORM + " (the "
    "recommendations are written as the caller)",
    ("dist.quality.check", "action_finish"): "write access (Inventory user ACL, "
    "company rule) checked before the verdict is written with sudo",
    ("dist.quality.check", "action_open_receipt"): SHOWS,
    ("dist.quality.checklist", "create"): ORM + " (Warehouse manager); then the "
    "expected receipts get their checks",
    ("dist.quality.checklist", "write"): ORM + " (as create)",
    ("dist.replenishment.policy", "write"): ORM + " (Purchasing manager); "
    "policies in use by the matrix cannot be archived or moved",
    ("dist.replenishment.run", "action_run_now"): "role check: Purchasing "
    "manager; the nightly run is the private _cron_run",
    ("dist.sod.waiver", "create"): ORM + " (governance controller); nobody "
    "waives their own conflict",
    ("dist.sod.waiver", "write"): ORM + "; only the end date changes",
    ("dist.warehouse.template", "action_apply"): "role check: Warehouse manager; "
    "then write access to the template (company rule)",
    ("dist.warehouse.template", "action_check_compliance"): "role check: "
    "Inventory user; then read access to the template (company rule)",
    ("helpdesk.ticket", "action_dist_accept_category"): "write access to the case "
    "(helpdesk ACL, company and team rules)",
    ("helpdesk.ticket", "action_dist_open_deliveries"): SHOWS,
    ("helpdesk.ticket", "action_dist_open_invoices"): SHOWS,
    ("helpdesk.ticket", "action_dist_open_order"): SHOWS,
    ("helpdesk.ticket", "action_dist_open_other_cases"): SHOWS,
    ("helpdesk.ticket", "action_dist_open_resolutions"): SHOWS,
    ("helpdesk.ticket", "action_dist_open_returns"): SHOWS,
    ("helpdesk.ticket", "create"): ORM + "; the category's team and the SLA "
    "are set by the suite",
    ("helpdesk.ticket", "message_new"): "superuser only (the mail gateway)",
    ("helpdesk.ticket", "write"): ORM + "; the classification stamp is written "
    "with sudo after the caller's write access is checked; closing checks the "
    "case's open work",
    ("helpdesk.ticket.resolve", "action_apply"): "role check: Service agent; then "
    "write access to the case before its documents are made with sudo",
    ("purchase.order", "create"): CREATED,
    ("purchase.order", "button_confirm"): "the state route (a marker no RPC "
    "context can carry) around Odoo's and OCA's checks: no confirmation "
    "without the approvals the matrix asks for",
    ("purchase.order", "button_approve"): "only orders waiting (draft, sent, to "
    "approve); Odoo's approval check, then the state route",
    ("purchase.order", "button_done"): "only confirmed orders, and only within "
    "the tiers their approvals covered; then the state route",
    ("purchase.order", "button_unlock"): "only locked orders, and only within "
    "the tiers their approvals covered; then the state route",
    ("purchase.order", "button_cancel"): ORM + " (Odoo's cancel rules), then the "
    "state route",
    ("purchase.order", "button_draft"): ORM + " (cancelled orders only); back to "
    "draft drops the approvals (OCA): confirming asks again",
    ("purchase.order.line", "create"): ORM + "; then a confirmed order is not "
    "taken beyond the tiers its approvals covered",
    ("purchase.order.line", "write"): ORM + "; then a confirmed order is not "
    "raised (quantity, price, product, taxes) beyond its approvals' tiers",
    ("purchase.order", "onchange_partner_id"): ORM + " (Odoo's onchange: on a "
    "saved order a write as the caller)",
    ("purchase.order", "reject_tier"): "as on case resolutions",
    ("purchase.order", "request_validation"): "write access (Purchase user ACL, "
    "company rule)",
    ("purchase.order", "restart_validation"): "as on case resolutions",
    ("purchase.order", "unlink"): "as on case resolutions",
    ("purchase.order", "validate_tier"): "as on case resolutions",
    ("purchase.order", "write"): ORM + "; OCA's bypass context keys count only "
    "on the review route",
    ("res.company", "create"): ORM + " (Settings); the default policies are made "
    "with sudo for the new company only",
    ("res.company", "unlink"): "unlink access (Settings) checked before the "
    "company's dashboards are removed with sudo",
    ("res.company", "write"): ORM + "; the dashboards follow the name",
    ("res.groups", "create"): ORM + " (Settings); then the segregation check",
    ("res.groups", "write"): ORM + " (Settings); then the segregation check",
    ("res.partner", "action_dist_open_scorecard"): SHOWS,
    ("product.product", "write"): ORM + "; archiving then takes the product's "
    "policy-owned reorder rules along with sudo, after the caller's write "
    "access to the products was checked",
    ("stock.warehouse.orderpoint", "write"): ORM + "; then a rule a "
    "replenishment policy owns is refused its levels, trigger, route, vendor, "
    "product, location and archiving but to the run (superuser)",
    ("res.users", "create"): ORM + " (Settings); then the segregation check",
    ("res.users", "write"): ORM + " (Settings, or the user's own preferences); "
    "then the segregation check",
    ("sale.order", "action_confirm"): "write access (Sales user ACL, company "
    "rule) before the promise dates are written in SQL; short orders take the "
    "promise override role",
    ("sale.order", "action_dist_check_availability"): "write access (as "
    "action_confirm) before the promise dates are written in SQL",
    ("sale.order.promise.override", "action_confirm"): "sale.order.action_confirm's "
    "checks, as the caller",
    ("stock.picking", "action_dist_pin"): "role check: Warehouse manager; then "
    "write access (company rule) before the pin is written with sudo",
    ("stock.picking", "action_dist_quality_checks"): "role check: Inventory user; "
    "then write access to the receipt before the checks are made with sudo",
    ("stock.picking", "action_dist_refresh_priority"): "role check: Inventory "
    "user; then read access before the scores are written in SQL",
    ("stock.picking", "action_dist_unpin"): "as action_dist_pin",
    ("stock.picking", "button_validate"): "write access (Inventory user ACL, "
    "company rule) checked before the transfers' rows are locked; then Odoo's "
    "own validation as the caller",
    ("stock.picking", "write"): ORM + "; the priority and pin fields are refused "
    "to all but the system",
    ("stock.picking.deviation", "action_confirm"): ORM + " (moves written and the "
    "receipt validated as the caller)",
    ("stock.picking.pin", "action_confirm"): "stock.picking.action_dist_pin's "
    "checks, as the caller",
    ("stock.quant", "write"): ORM + "; who counted is stamped with sudo after the "
    "caller's write passed",
    ("stock.warehouse", "action_dist_count_list"): SHOWS + " (Odoo's own public "
    "stock.quant.action_view_inventory housekeeping)",
    ("stock.warehouse", "action_dist_today_counts"): "role check: Warehouse "
    "operator or Inventory administrator; then " + SHOWS,
    ("stock.warehouse", "action_dist_today_picks"): "role check: Warehouse "
    "operator or Inventory administrator; then " + SHOWS,
    ("stock.warehouse", "action_dist_today_receipts"): "role check: Warehouse "
    "operator or Inventory administrator; then " + SHOWS,
    ("tier.review", "create"): "the suite's review route only (a server-side "
    "token; RPC cannot forge it)",
    ("tier.review", "unlink"): "the review route only",
    ("tier.review", "write"): "the review route only, but for the reminder date "
    "(ACL: every internal user)",
    # issue 21, three-way match: vendor bills under OCA's tier validation
    ("account.move", "action_post"): "Odoo's posting rights (Billing: _post "
    "refuses others); a bill beyond match tolerance is held and its approval "
    "asked with the caller's write access; the OCA bypass key runs on the "
    "review route, the suite still refusing an open or rejected validation",
    ("account.move", "button_draft"): "Odoo's checks (posted or cancelled, lock "
    "dates, rights) before OCA drops the reviews on the review route",
    ("account.move", "create"): CREATED,
    ("account.move", "reject_tier"): "as on case resolutions",
    ("account.move", "request_validation"): "write access (Billing or Purchase "
    "user ACL, company rule); the match is computed, its exceptions raised "
    "with the register's sudo",
    ("account.move", "restart_validation"): "as on case resolutions",
    ("account.move", "unlink"): "as on case resolutions",
    ("account.move", "validate_tier"): "as on case resolutions",
    ("account.move", "write"): ORM + "; OCA's bypass context keys count only "
    "on the review route; the match fields are the suite's",
    ("account.payment", "create"): ORM + " (accounting roles); the amount the "
    "approval matrix reads is computed, never given",
    ("account.payment", "write"): ORM + " (accounting roles); the amount the "
    "approval matrix reads is refused; a vendor payment waiting for approval "
    "stays draft (OCA's tier checks on the status)",
    ("account.payment", "reject_tier"): "as on case resolutions",
    ("account.payment", "request_validation"): "write access (accounting "
    "roles' ACL, company rule)",
    ("account.payment", "restart_validation"): "as on case resolutions",
    ("account.payment", "unlink"): "as on case resolutions",
    ("account.payment", "validate_tier"): "as on case resolutions; vendor "
    "payments also refuse whoever posted a bill they pay, set up the bank "
    "account they go to or created them",
    ("res.partner.bank", "create"): ORM + " (contact managers); who set the "
    "details up is stamped, never given",
    ("res.partner.bank", "write"): ORM + " (contact managers); who changed the "
    "number, holder or bank is stamped, and refused as a value",
    ("dist.credit.release", "action_cancel"): "role check: Credit controller; "
    "then write access (company rule); only a release that waits",
    ("dist.credit.release", "action_open_order"): SHOWS,
    ("dist.credit.release", "create"): CREATED,
    ("dist.credit.release", "reject_tier"): "the reason for the decision first; "
    "read access, then the caller must review one of its open reviews "
    "(_dist_check_reviewer)",
    ("dist.credit.release", "request_validation"): "write access (credit and "
    "finance controllers, company rule)",
    ("dist.credit.release", "restart_validation"): "without reviews: write "
    "access; with reviews: the requester, a reviewer or a governance controller",
    ("dist.credit.release", "unlink"): ORM + " (no role deletes releases)",
    ("dist.credit.release", "validate_tier"): "the reason for the decision "
    "first; not the requester, the order's salesperson or creator, nor an "
    "earlier approver, and the caller must review one of its open reviews; the "
    "order is confirmed only once validated",
    ("dist.credit.release", "write"): ORM + "; the order and the figures it was "
    "blocked with are frozen, the decision's stamps are the suite's",
    ("sale.order", "action_view_dist_credit_releases"): SHOWS,
    # issue 21: discount and margin approval, vendor price changes
    ("dist.sale.price.exception", "action_cancel"): "role check: Sales "
    "manager; then write access (Sales manager ACL, company rule); waiting only",
    ("dist.sale.price.exception", "create"): CREATED + "; no role may create "
    "one (ACL): the order's confirmation makes it with sudo",
    ("dist.sale.price.exception", "reject_tier"): "as on case resolutions",
    ("dist.sale.price.exception", "request_validation"): "write access (Sales "
    "manager ACL, company rule)",
    ("dist.sale.price.exception", "restart_validation"): "as on case resolutions",
    ("dist.sale.price.exception", "unlink"): "as on case resolutions (no role "
    "may unlink one: ACL)",
    ("dist.sale.price.exception", "validate_tier"): "as on case resolutions; "
    "the order's salesperson and who confirmed it are among its requesters; "
    "the order is confirmed only once validated",
    ("dist.sale.price.exception", "write"): ORM + "; what was asked is frozen "
    "to all but the system",
    ("dist.vendor.price.change", "action_cancel"): "role check: Purchasing "
    "manager; then write access (Purchasing manager ACL, company rule); "
    "waiting only",
    ("dist.vendor.price.change", "create"): CREATED + "; no role may create "
    "one (ACL): the vendor line's write makes it with sudo",
    ("dist.vendor.price.change", "reject_tier"): "as on case resolutions",
    ("dist.vendor.price.change", "request_validation"): "write access "
    "(Purchasing manager ACL, company rule)",
    ("dist.vendor.price.change", "restart_validation"): "as on case resolutions",
    ("dist.vendor.price.change", "unlink"): "as on case resolutions (no role "
    "may unlink one: ACL)",
    ("dist.vendor.price.change", "validate_tier"): "as on case resolutions; "
    "who changed the price is among its requesters; the price is applied only "
    "once validated",
    ("dist.vendor.price.change", "write"): ORM + "; what was asked is frozen "
    "to all but the system",
    ("sale.order", "unlink"): "unlink access (Sales ACL, company rule) "
    "checked before the order's price exceptions (and their reviews) are "
    "deleted with it as the system",
    ("product.supplierinfo", "create"): ORM + "; a line replacing a vendor's "
    "line beyond the company's price threshold starts at the old price and "
    "asks the approval matrix for the new one",
    ("product.supplierinfo", "unlink"): "unlink access (Purchase, Inventory "
    "or Sales administrators, product managers; company rule) checked before the "
    "line's price changes (and their reviews) are deleted with it as the system",
    ("product.supplierinfo", "write"): ORM + "; a price change beyond the "
    "company's threshold keeps the old price and asks the approval matrix "
    "(the applying route is a server-side token RPC cannot forge)",
    ("dist.landed.cost.settings", "create"): ORM + " (finance controller only); "
    "then the company's settings are written with sudo only when the caller "
    "holds the role and the company is one of theirs",
    ("dist.landed.cost.settings", "write"): ORM
    + " (finance controller only); then the same "
    "role and company check before the company's settings are written",
    (
        "dist.landed.cost.settings",
        "action_save",
    ): "changes nothing (the form saved before); the same role and company check",
    ("stock.landed.cost", "button_validate"): "Odoo's validation first (landed "
    "cost ACL: stock manager or finance controller, company rule; journal "
    "entry and valuation rights), then the valuation-timing exception is "
    "raised in the landed cost's company and the receipts' overdue ones resolved",
}

# (model, method) -> (roles it is allowed to, why that is safe for them).
# Methods not listed must refuse every role above.
READ_ONLY = "returns a window action; the records open under the caller's rights"
ALLOWED = {
    # Odoo's purchase users hold every right on journal entries (they enter
    # bills from their orders): the draft bill of the test is theirs to edit
    ("account.move", "create"): (
        {"buyer"},
        "Odoo's Purchase: User ACL on journal entries, company rule; a draft",
    ),
    ("account.move", "write"): (
        {"buyer"},
        "Odoo's Purchase: User ACL on journal entries, company rule",
    ),
    ("account.move", "unlink"): (
        {"buyer"},
        "Odoo's Purchase: User ACL; Odoo deletes draft entries only",
    ),
    ("account.move", "request_validation"): (
        {"buyer"},
        "write access (Purchase: User ACL); no matrix line covers the bill: no review",
    ),
    ("account.move", "restart_validation"): (
        {"buyer"},
        "as on policy overrides: write access without reviews, involvement with them",
    ),
    # -- read-only: they return an action and change nothing
    ("dist.case.resolution", "action_open_documents"): (SUITE, READ_ONLY),
    ("dist.exception", "action_open_source"): (SUITE, READ_ONLY),
    ("dist.kpi", "action_drill"): (SUITE, READ_ONLY),
    ("dist.kpi", "action_exceptions"): (SUITE, READ_ONLY),
    ("dist.kpi.snapshot", "action_open_records"): (SUITE, READ_ONLY),
    ("dist.kpi.snapshot", "read_group"): (
        SUITE,
        "reads only, under the caller's ACL (every role reads its companies' "
        "KPI history) and record rules",
    ),
    ("dist.product.segment", "action_request_override"): (SUITE, READ_ONLY),
    ("dist.quality.check", "action_open_receipt"): (SUITE, READ_ONLY),
    ("helpdesk.ticket", "action_dist_open_order"): ({"agent"}, READ_ONLY),
    ("helpdesk.ticket", "action_dist_open_resolutions"): ({"agent"}, READ_ONLY),
    ("helpdesk.ticket", "action_dist_open_deliveries"): ({"agent"}, READ_ONLY),
    ("helpdesk.ticket", "action_dist_open_returns"): ({"agent"}, READ_ONLY),
    ("helpdesk.ticket", "action_dist_open_invoices"): ({"agent"}, READ_ONLY),
    ("helpdesk.ticket", "action_dist_open_other_cases"): ({"agent"}, READ_ONLY),
    ("stock.warehouse", "action_dist_count_list"): (
        ALL,
        READ_ONLY + "; the quant housekeeping it starts is Odoo's own public "
        "stock.quant.action_view_inventory",
    ),
    ("stock.warehouse", "action_dist_today_counts"): (
        {"operator"},
        READ_ONLY + " (Warehouse today's count list, as action_dist_count_list)",
    ),
    ("stock.warehouse", "action_dist_today_picks"): (
        {"operator"},
        READ_ONLY + " (Warehouse today's deliveries)",
    ),
    ("stock.warehouse", "action_dist_today_receipts"): (
        {"operator"},
        READ_ONLY + " (Warehouse today's receipts)",
    ),
    ("dist.purchase.recommendation", "action_open_dismiss"): (
        {"buyer"},
        READ_ONLY + " (the dismiss wizard); the other roles cannot read "
        "recommendations",
    ),
    # -- the ACL and the company rules are the guard: the method writes as
    # the caller, no sudo or SQL before the ORM checked them
    ("dist.exception", "action_start"): (
        SUITE,
        "every role works the exceptions of its companies (ACL any role, "
        "company rule); a plain write as the caller",
    ),
    ("dist.exception", "action_resolve"): (
        SUITE,
        "as action_start; closing the linked case runs after the caller's "
        "write passed the ORM's checks",
    ),
    ("dist.exception", "action_cancel"): (SUITE, "as action_resolve"),
    ("dist.policy.override", "action_approve"): (
        {"buyer"},
        "buyer's own button: writes as the buyer (ACL buyer, company rule), "
        "only once the approval matrix validated the override",
    ),
    ("dist.policy.override", "action_cancel"): (
        {"buyer"},
        "buyer's own button: a plain write as the buyer (ACL, company rule)",
    ),
    ("dist.policy.override", "action_draft"): (
        {"buyer"},
        "buyer's own button: a plain write as the buyer, then the restart's own check",
    ),
    ("dist.policy.override", "request_validation"): (
        {"buyer"},
        "the buyer asks for the approval of what they may write (write "
        "access checked first)",
    ),
    ("dist.policy.override", "restart_validation"): (
        {"buyer"},
        "without reviews the buyer who may write it restarts nothing; with "
        "reviews only the requester, a reviewer or a controller may",
    ),
    ("purchase.order", "request_validation"): (
        {"buyer"},
        "buyer's own RFQ: write access to it checked first (ACL, company rule)",
    ),
    ("purchase.order", "restart_validation"): (
        {"buyer"},
        "as on policy overrides: write access without reviews, involvement with them",
    ),
    ("purchase.order", "onchange_partner_id"): (
        {"buyer"},
        "Odoo's onchange: on a saved order it writes as the buyer (ACL, company rule)",
    ),
    ("dist.inventory.adjustment", "request_validation"): (
        {"operator"},
        "the counting operator asks for approval of a request they may write "
        "(Inventory: User ACL, company rule)",
    ),
    ("dist.inventory.adjustment", "restart_validation"): (
        {"operator"},
        "write access without reviews, involvement with them",
    ),
    ("dist.inventory.adjustment", "action_cancel"): (
        {"operator"},
        "the operator withdraws the request they asked for (requested_by); "
        "another's takes the Warehouse manager role",
    ),
    ("dist.case.resolution", "action_cancel"): (
        {"agent"},
        "Service agent role checked, then write access (company rule)",
    ),
    ("dist.case.resolution", "request_validation"): (
        {"agent"},
        "Service agent role checked, then write access (company rule)",
    ),
    ("dist.case.resolution", "restart_validation"): (
        SUITE,
        "on a resolution without reviews it changes nothing (every role "
        "writes resolutions as an approver); with reviews only the requester, "
        "a reviewer or a controller may",
    ),
    ("dist.purchase.recommendation", "action_approve"): (
        {"buyer"},
        "buyer's own button: writes as the buyer (ACL buyer, company rule)",
    ),
    ("dist.purchase.recommendation", "action_reset"): (
        {"buyer"},
        "buyer's own button: writes as the buyer (ACL buyer, company rule)",
    ),
    ("dist.purchase.recommendation", "action_create_orders"): (
        {"buyer"},
        "buyer's own button: write access checked before the transfers are "
        "made with the system's rights; RFQs are made as the buyer",
    ),
    ("dist.purchase.recommendation.dismiss", "action_dismiss"): (
        {"buyer"},
        "buyer's own wizard: the recommendations are written as the buyer",
    ),
    ("dist.quality.check", "action_finish"): (
        {"operator"},
        "the operator's check: write access (Inventory: User ACL, company "
        "rule) checked before the verdict is stamped",
    ),
    ("dist.warehouse.template", "action_check_compliance"): (
        {"operator"},
        "Inventory: User role checked; it only rewrites the system's list of "
        "deviations of warehouses the operator can read",
    ),
    ("stock.picking", "action_dist_refresh_priority"): (
        {"operator"},
        "Inventory: User role checked; it recomputes the system's scores of "
        "deliveries the operator can read",
    ),
    ("stock.picking", "action_dist_quality_checks"): (
        {"operator"},
        "Inventory: User role and write access to the receipt checked; the "
        "checks it makes are those validation would make",
    ),
    ("stock.picking.deviation", "action_confirm"): (
        {"operator"},
        "the operator's receiving wizard: moves written and the receipt "
        "validated as the operator (ACL, company rule)",
    ),
    ("helpdesk.ticket", "action_dist_accept_category"): (
        {"agent"},
        "the agent's button: write access to the case checked, then a plain "
        "write as the agent",
    ),
    ("helpdesk.ticket.resolve", "action_apply"): (
        {"agent"},
        "Service agent role and write access to the case checked before the "
        "system's rights act on its documents",
    ),
    ("sale.order", "action_dist_check_availability"): (
        {"agent", "operator"},
        "who may write the order (Sales: User; Inventory: User through "
        "sale_stock's ACL): checked before the promise dates are written in SQL",
    ),
    ("sale.order", "action_confirm"): (
        {"agent", "operator"},
        "as action_dist_check_availability; beyond available-to-promise it "
        "takes the override role",
    ),
    ("sale.order.promise.override", "action_confirm"): (
        {"agent"},
        "confirms through sale.order.action_confirm, which checks write access "
        "and the override role",
    ),
    # -- Odoo's create/write/unlink, overridden by the suite: the ORM checks
    # the caller's ACL and record rules; the override adds checks of its own
    ("dist.approval.delegation", "create"): (
        {"buyer", "operator", "agent"},
        "every role hands over its own approvals (ACL any role); the override "
        "refuses a delegation of someone else's",
    ),
    ("dist.exception", "create"): (
        {"buyer", "operator", "agent"},
        "every role raises exceptions by hand in its companies (ACL any role, "
        "company rule); the system fields are the suite's",
    ),
    ("dist.exception", "write"): (
        {"buyer", "operator", "agent"},
        "every role works the exceptions of its companies; the system fields "
        "are refused to it",
    ),
    ("dist.case.resolution", "write"): (
        {"buyer", "operator", "agent"},
        "every role writes the resolutions it may approve (ACL, company rule); "
        "what was asked for approval is frozen",
    ),
    ("dist.inventory.adjustment", "write"): (
        {"operator"},
        "Inventory: User ACL, company rule; the count is frozen",
    ),
    ("dist.policy.override", "write"): (
        {"buyer"},
        "buyer ACL, company rule; OCA's bypass keys only on the review route",
    ),
    ("dist.purchase.recommendation", "write"): (
        {"buyer"},
        "buyer ACL, company rule; status and links only through the buttons",
    ),
    ("helpdesk.ticket", "create"): (
        {"agent"},
        "the agent's own job (helpdesk ACL, company rule)",
    ),
    ("helpdesk.ticket", "write"): (
        {"agent"},
        "the agent's own job (helpdesk ACL, company and team rules)",
    ),
    ("purchase.order", "write"): (
        {"buyer"},
        "the buyer's own RFQ (Purchase: User ACL, company rule)",
    ),
    ("stock.picking", "write"): (
        {"buyer", "operator", "agent"},
        "Odoo's ACL on transfers (Inventory, Purchase and Sales users, company "
        "rule); the priority and pin fields are refused to them",
    ),
    ("stock.quant", "write"): (
        {"operator"},
        "the operator's count (Inventory: User ACL, company rule); who counted "
        "is stamped by the system after",
    ),
    ("purchase.order", "create"): (
        {"buyer"},
        "the buyer's own job (Purchase: User ACL, company rule); only as a draft RFQ",
    ),
    ("purchase.order", "button_cancel"): (
        {"buyer"},
        "Odoo's button for the buyer (Purchase: User ACL, company rule); "
        "cancelling approves nothing",
    ),
    ("purchase.order", "button_draft"): (
        {"buyer"},
        "Odoo's button for the buyer on a cancelled order; the approvals are "
        "dropped, so confirming asks again",
    ),
    ("purchase.order.line", "create"): (
        {"buyer"},
        "the buyer's RFQ lines (Purchase: User ACL, company rule); a confirmed "
        "order stays within its approvals",
    ),
    ("purchase.order.line", "write"): (
        {"buyer"},
        "the buyer's RFQ lines (Purchase: User ACL, company rule); a confirmed "
        "order stays within its approvals",
    ),
    ("dist.case.resolution", "create"): (
        {"agent"},
        "the agent proposes resolutions (ACL, company rule), as drafts with "
        "no system field",
    ),
    ("dist.case.resolution.line", "create"): (
        {"agent"},
        "the agent's lines of a draft not yet asked for approval",
    ),
    ("dist.case.resolution.line", "write"): (
        {"agent"},
        "the agent's ACL; what a line covers is frozen",
    ),
    ("dist.policy.override", "create"): (
        {"buyer"},
        "the buyer requests overrides (ACL, company rule), as drafts",
    ),
    ("dist.inventory.adjustment", "create"): (
        {"operator"},
        "Inventory: User ACL, company rule; only a draft, and without the "
        "counted figures, which only the count writes",
    ),
    ("purchase.order", "unlink"): (
        {"buyer"},
        "Purchase: User ACL and company rule; Odoo deletes cancelled orders "
        "only, and their reviews go with them",
    ),
    ("dist.kpi", "action_history"): (
        ALL | {"portal"},
        SHOWS + "; it reads nothing (a portal user cannot open it)",
    ),
    ("res.partner", "action_dist_open_scorecard"): (
        ALL | {"portal"},
        SHOWS + "; it reads nothing (a portal user cannot open it)",
    ),
    ("dist.credit.release", "action_open_order"): (
        {"agent"},
        "opens the order of a credit release the salesperson may read (Sales "
        "user ACL, company rule)",
    ),
    ("sale.order", "action_view_dist_credit_releases"): (
        {"agent"},
        "lists the credit releases of an order the salesperson may read",
    ),
    ("product.supplierinfo", "create"): (
        {"buyer"},
        "buyers maintain vendor prices (dist_finance_controls ACL, company "
        "rule); a change beyond the company's threshold waits for approval",
    ),
    ("product.supplierinfo", "write"): (
        {"buyer"},
        "buyers maintain vendor prices (dist_finance_controls ACL, company "
        "rule); a change beyond the company's threshold waits for approval",
    ),
}
# arguments of the methods that take some: the ORM's are given empty values
# (the ORM checks the caller before it looks at them)
# mixins whose public methods (create, write, copy_data) only add refusals
# to the ORM's (system fields, company moves) and never act with more rights:
# their own tests cover them on every model using them
GUARD_MIXINS = frozenset({"dist.system.fields.mixin", "dist.company.guard.mixin"})
ORM_ARGS = {"create": ([{}],), "write": ({},)}
ARGS = {
    ("dist.kpi.snapshot", "read_group"): ([], ["value:sum"], ["kpi_id"]),
    # a decision, not only the reminder date every user may write
    ("tier.review", "write"): ({"status": "approved"},),
    ("stock.picking", "action_dist_pin"): ("urgent customer",),
    ("helpdesk.ticket", "message_new"): (
        {"subject": "Where is SO0001?", "body": "<p>Late again</p>"},
    ),
}


@tagged("post_install", "-at_install")
class TestSecurityPublicMethods(DistRolesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Quay Methods Co"})
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"dist_methods_{role}",
                groups=group,
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for role, group in ROLES.items()
            if cls.env.ref(group, raise_if_not_found=False)
        }
        # who reviews the suite's documents in that company
        cls.approver = cls.role_user(
            "dist_methods_approver",
            "dist_purchase_policy.group_purchasing_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        ) or cls.env["stock.warehouse"].create(
            {"name": "Quay main", "code": "QMC", "company_id": cls.company.id}
        )
        cls.partner = cls.env["res.partner"].create({"name": "Quay Customer"})
        cls.product = cls.env["product.product"].create(
            {"name": "Quay valve", "is_storable": True, "standard_price": 10.0}
        )
        cls._records = {}

    # ------------------------------------------------------------------
    # the inventory
    # ------------------------------------------------------------------

    def public_methods(self):
        """{(model, method)} of every public method a `dist_*` class
        defines, on any model of the registry: its own methods and the
        overrides of Odoo's (create, write, unlink included), not those it
        merely inherits."""
        found = set()
        for name in self.env.registry:
            model_class = type(self.env[name])
            if model_class._abstract:
                continue  # its methods are checked on the models using it
            # the registry's own class holds no code of an addon, only what
            # is patched in at run time (auditlog's logging create/write/unlink)
            for klass in model_class.__mro__[1:]:
                if not (getattr(klass, "_module", None) or "").startswith("dist_"):
                    continue
                if getattr(klass, "_name", None) in GUARD_MIXINS:
                    continue
                for attr, value in vars(klass).items():
                    if attr.startswith("_"):
                        continue
                    if inspect.isfunction(value) or isinstance(
                        value, staticmethod | classmethod
                    ):
                        found.add((name, attr))
        return found

    def rpc_callable(self, model, method):
        try:
            get_public_method(self.env[model], method)
        except AccessError:
            return False
        return True

    # ------------------------------------------------------------------
    # a record of each model, in the users' company
    # ------------------------------------------------------------------

    def record(self, model, user):
        builder = getattr(self, "_make_" + model.replace(".", "_"), None)
        self.assertTrue(builder, f"the test makes a record of {model}")
        if self.env[model]._transient:
            # wizards are made by whoever uses them, when they may
            values = builder()
            Wizard = self.as_user(self.env[model], user)
            if user and Wizard.has_access("create"):
                # refused: the wizard is made as the superuser below
                with contextlib.suppress(UserError), self.env.cr.savepoint():
                    return Wizard.create(values).sudo()
            return self.env[model].create(values)
        if model not in self._records:
            self._records[model] = builder()
        return self._records[model]

    # the suite's models and the ones it extends: one record each

    def _make_product_product(self):
        return self.product

    def _make_stock_warehouse_orderpoint(self):
        return self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.product.id,
                "warehouse_id": self.warehouse.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "company_id": self.company.id,
                "product_min_qty": 5,
                "product_max_qty": 20,
            }
        )

    def _make_spreadsheet_dashboard(self):
        return self.env["spreadsheet.dashboard"].search(
            [("company_id", "=", self.company.id)], limit=1
        ) or self.env.ref("dist_governance.spreadsheet_dashboard_control_tower_group")

    def _make_auditlog_rule(self):
        return self.env.ref("dist_governance.auditlog_rule_supplierinfo")

    def _make_res_company(self):
        return self.company

    def _make_res_partner(self):
        return self.partner

    def _make_res_users(self):
        return self.approver

    def _make_res_partner_bank(self):
        return self.env["res.partner.bank"].create(
            {"acc_number": "QUAY-0001", "partner_id": self.partner.id}
        )

    def _make_account_payment(self):
        # a bank journal and an outstanding account of the company, without
        # loading a whole chart of accounts
        journal = self.env["account.journal"].create(
            {
                "name": "Quay bank",
                "type": "bank",
                "code": "QBNK",
                "company_id": self.company.id,
            }
        )
        outstanding = self.env["account.account"].create(
            {
                "code": "QOUT",
                "name": "Quay outstanding payments",
                "account_type": "asset_current",
                "company_ids": [Command.set(self.company.ids)],
            }
        )
        journal.outbound_payment_method_line_ids.payment_account_id = outstanding
        return self.env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "supplier",
                "partner_id": self.partner.id,
                "amount": 10.0,
                "journal_id": journal.id,
            }
        )

    def _make_res_groups(self):
        return self.env.ref("dist_governance.group_executive")

    def _make_stock_warehouse(self):
        return self.warehouse

    def _make_stock_quant(self):
        return self.env["stock.quant"].create(
            {
                "product_id": self.product.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "inventory_quantity": 3,
            }
        )

    def _make_dist_replenishment_run(self):
        # its public method is a model method: the button of the list
        return self.env["dist.replenishment.run"]

    def _make_dist_replenishment_policy(self):
        return self.env["dist.replenishment.policy"].create(
            {"name": "Quay policy", "code": "QUAY", "company_id": self.company.id}
        )

    def _make_dist_exception(self):
        return self.env["dist.exception"].create(
            {
                "type_id": self.env.ref("dist_governance.exception_type_manual").id,
                "summary": "Quay pallet damaged",
                "res_model": "res.partner",
                "res_id": self.partner.id,
                "company_id": self.company.id,
                # resolvable: the refusal, if any, is the caller's
                "root_cause_id": self.env["dist.root.cause"]
                .search([("company_id", "in", (False, self.company.id))], limit=1)
                .id,
            }
        )

    def _make_dist_kpi(self):
        return self.env["dist.kpi"].search([("code", "=", "otif")], limit=1)

    def _make_dist_kpi_snapshot(self):
        return self.env["dist.kpi.snapshot"].create(
            {
                "kpi_id": self.record("dist.kpi", None).id,
                "company_id": self.company.id,
                "date": date(2026, 1, 5),
            }
        )

    def _make_dist_product_segment(self):
        return self.env["dist.product.segment"].create(
            {
                "company_id": self.company.id,
                "product_id": self.product.id,
                "warehouse_id": self.warehouse.id,
            }
        )

    def _make_dist_approval_matrix(self):
        return self.env["dist.approval.matrix"].create(
            {
                "company_id": self.company.id,
                "document_type_id": self.env.ref(
                    "dist_purchase_policy.approval_document_type_purchase_order"
                ).id,
                "amount_min": 0,
                "open_ended": True,
                "approver_type": "user",
                "approver_user_id": self.approver.id,
            }
        )

    def _make_dist_approval_delegation(self):
        return self.env["dist.approval.delegation"].create(
            {
                "company_id": self.company.id,
                "delegator_id": self.approver.id,
                "delegate_id": self.env.user.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 1, 31),
            }
        )

    def _make_dist_audit_entry(self):
        return self.env["dist.audit.entry"].create(
            {
                "event": "review_approved",
                "res_model": "res.partner",
                "res_id": self.partner.id,
                "company_id": self.company.id,
            }
        )

    def _make_dist_sod_waiver(self):
        duties = self.env["dist.sod.duty"].search([], limit=2)
        rule = self.env["dist.sod.rule"].create(
            {
                "company_id": self.company.id,
                "duty_a_id": duties[0].id,
                "duty_b_id": duties[1].id,
            }
        )
        return self.env["dist.sod.waiver"].create(
            {
                "rule_id": rule.id,
                "user_id": self.approver.id,
                "reason": "Quay cover",
                "date_to": date(2099, 1, 31),
            }
        )

    def _make_dist_quality_checklist(self):
        return self.env["dist.quality.checklist"].create(
            {"name": "Quay inbound", "company_id": self.company.id}
        )

    def _make_purchase_order_line(self):
        return self.record("purchase.order", None).order_line[:1]

    def _make_dist_case_resolution_line(self):
        return self.env["dist.case.resolution.line"].create(
            {
                "resolution_id": self.record("dist.case.resolution", None).id,
                "product_id": self.product.id,
                "quantity": 1,
                "price_unit": 10.0,
            }
        )

    def _make_tier_review(self):
        self.record("dist.approval.matrix", None)
        order = self.record("purchase.order", None)
        order.request_validation()
        return order.review_ids

    def _make_purchase_order(self):
        return self.env["purchase.order"].create(
            {
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 3})
                ],
            }
        )

    def _make_sale_order(self):
        return self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )

    def _make_stock_picking(self):
        return self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "partner_id": self.partner.id,
                "company_id": self.company.id,
            }
        )

    def _make_helpdesk_ticket(self):
        category = self.env.ref(
            "dist_helpdesk_cases.case_category_delayed_shipment",
            raise_if_not_found=False,
        )
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Late pallet",
                "description": "The pallet is late.",
                "company_id": self.company.id,
                "partner_id": self.partner.id,
                "dist_suggested_category_id": category.id if category else False,
            }
        )

    def _make_dist_case_classifier(self):
        return self.env["dist.case.classifier"]._dist_for(self.company)

    def _make_dist_case_resolution(self):
        return self.env["dist.case.resolution"].create(
            {
                "ticket_id": self.record("helpdesk.ticket", None).id,
                "company_id": self.company.id,
                "partner_id": self.partner.id,
                "action_id": self.env.ref(
                    "dist_helpdesk_cases.case_action_credit_note"
                ).id,
                "requested_by_id": self.users["agent"].id,
            }
        )

    def _make_dist_credit_release(self):
        return self.env["dist.credit.release"].create(
            {
                "company_id": self.company.id,
                "sale_order_id": self.record("sale.order", None).id,
                "partner_id": self.partner.id,
                "reason": "Over the credit limit",
                "amount": 100.0,
            }
        )

    def _make_dist_inventory_adjustment(self):
        return self.env["dist.inventory.adjustment"].create(
            {
                "company_id": self.company.id,
                "warehouse_id": self.warehouse.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "product_id": self.product.id,
                "expected_qty": 10,
                "counted_qty": 4,
                "variance_qty": -6,
                "requested_by_id": self.users["operator"].id,
            }
        )

    def _make_dist_kpi_baseline(self):
        return self.env["dist.kpi.baseline"].create(
            {
                "name": "Quay 2026",
                "company_id": self.company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 1, 31),
            }
        )

    def _make_dist_leadtime_proposal(self):
        return self.env["dist.leadtime.proposal"].create(
            {"company_id": self.company.id, "partner_id": self.partner.id}
        )

    def _make_dist_policy_override(self):
        policy = self.env["dist.replenishment.policy"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        return self.env["dist.policy.override"].create(
            {
                "company_id": self.company.id,
                "product_id": self.product.id,
                "warehouse_id": self.warehouse.id,
                "policy_id": policy.id,
                "reason": "Seasonal item",
            }
        )

    def _make_dist_purchase_recommendation(self):
        return self.env["dist.purchase.recommendation"].create(
            {
                "company_id": self.company.id,
                "product_id": self.product.id,
                "warehouse_id": self.warehouse.id,
                "partner_id": self.partner.id,
                "kind": "purchase",
                "quantity": 5,
            }
        )

    def _make_dist_quality_check(self):
        checklist = self.record("dist.quality.checklist", None)
        return self.env["dist.quality.check"].create(
            {
                "company_id": self.company.id,
                "picking_id": self.record("stock.picking", None).id,
                "product_id": self.product.id,
                "checklist_id": checklist.id,
            }
        )

    def _make_dist_warehouse_template(self):
        template = self.env["dist.warehouse.template"].create(
            {"name": "Quay standard", "company_id": self.company.id}
        )
        self.warehouse.dist_template_id = template
        return template

    # wizards: their values

    def _make_dist_delivery_backlog(self):
        return self.env["dist.delivery.backlog"]

    def _make_comment_wizard(self):
        return {
            "res_model": "purchase.order",
            "res_id": self.record("purchase.order", None).id,
            "validate_reject": "validate",
            "comment": "Fine by me",
        }

    def _make_helpdesk_ticket_resolve(self):
        return {
            "ticket_id": self.record("helpdesk.ticket", None).id,
            "action_id": self.env.ref("dist_helpdesk_cases.case_action_answer").id,
        }

    def _make_dist_replenishment_settings(self):
        return {"company_id": self.company.id, "dist_abc_cut_a": 70.0}

    def _make_dist_governance_settings(self):
        return {"company_id": self.company.id, "dist_archive_after_days": 1}

    def _make_dist_warehouse_settings(self):
        return {"company_id": self.company.id, "dist_count_days_a": 14}

    def _make_dist_purchase_recommendation_dismiss(self):
        return {"reason": "Vendor discontinued it"}

    def _make_sale_order_promise_override(self):
        return {
            "order_ids": [Command.set(self.record("sale.order", None).ids)],
            "reason": "Customer agreed",
        }

    def _make_stock_picking_deviation(self):
        return {"picking_ids": [Command.set(self.record("stock.picking", None).ids)]}

    def _make_stock_picking_pin(self):
        return {
            "picking_ids": [Command.set(self.record("stock.picking", None).ids)],
            "reason": "Customer line down",
        }

    def _make_account_move(self):
        if not self.company.chart_template:
            # bills need the company's journals and accounts
            self.env["account.chart.template"].try_loading(
                "generic_coa", company=self.company, install_demo=False
            )
        return self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.partner.id,
                "company_id": self.company.id,
                "invoice_date": date(2026, 12, 1),
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "quantity": 2, "price_unit": 5}
                    )
                ],
            }
        )

    def _make_product_supplierinfo(self):
        return self.env["product.supplierinfo"].create(
            {
                "partner_id": self.partner.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 10.0,
                "company_id": self.company.id,
            }
        )

    def _make_dist_sale_price_exception(self):
        order = self.record("sale.order", None)
        return self.env["dist.sale.price.exception"].create(
            {
                "order_id": order.id,
                "company_id": self.company.id,
                "user_id": self.approver.id,
                "requested_by_id": self.approver.id,
                "amount": 12.0,
            }
        )

    def _make_dist_vendor_price_change(self):
        return self.env["dist.vendor.price.change"].create(
            {
                "supplierinfo_id": self.record("product.supplierinfo", None).id,
                "company_id": self.company.id,
                "old_price": 10.0,
                "new_price": 12.0,
                "requested_by_id": self.approver.id,
            }
        )

    def _make_dist_landed_cost_settings(self):
        return {"company_id": self.company.id, "dist_landed_cost_days": 3}

    def _make_stock_landed_cost(self):
        # the test's company has no chart: a journal for the landed cost
        journal = self.env["account.journal"].create(
            {
                "name": "Landed costs",
                "code": "LCJ",
                "type": "general",
                "company_id": self.company.id,
            }
        )
        return self.env["stock.landed.cost"].create(
            {"company_id": self.company.id, "account_journal_id": journal.id}
        )

    def args_for(self, model, method):
        # a copy each call: overrides complete the values they are given
        return copy.deepcopy(ARGS.get((model, method), ORM_ARGS.get(method, ())))

    def context_for(self, model, method):
        if model == "dist.purchase.recommendation.dismiss":
            recommendation = self.record("dist.purchase.recommendation", None)
            return {"active_ids": recommendation.ids}
        return {}

    def snapshot(self, records):
        """The stored values of `records`, as the database has them."""
        self.env.invalidate_all()
        names = [
            name
            for name, field in records._fields.items()
            if field.store and field.type != "binary"
        ]
        return records.sudo().read(names) if records else []

    # ------------------------------------------------------------------

    def test_every_public_method_is_classified(self):
        """A new public method fails here until GUARDS says what guards it."""
        methods = {key for key in self.public_methods() if self.rpc_callable(*key)}
        models_here = {model for model, __ in methods}
        self.assertEqual(
            sorted(methods - set(GUARDS)), [], "public methods nobody classified"
        )
        stale = {
            key
            for key in set(GUARDS) | set(ALLOWED)
            if key[0] in models_here and key not in methods
        }
        self.assertFalse(stale, "classified methods that no longer exist")
        self.assertFalse(set(ALLOWED) - set(GUARDS), "allowed but unclassified")
        for key, (roles, reason) in ALLOWED.items():
            self.assertTrue(roles <= set(ROLES) and reason, key)

    def test_low_roles_are_refused_every_unlisted_method(self):
        """Each public method, as each low role, on a record of their own
        company: refused (and nothing changed), unless allow-listed."""
        self.assertTrue(self.users, "the roles' addons are installed")
        checked = 0
        for model, method in sorted(self.public_methods()):
            if not self.rpc_callable(model, method):
                continue  # @api.private: not reachable over RPC
            allowed = ALLOWED.get((model, method), (frozenset(), ""))[0]
            for role, user in self.users.items():
                if role in allowed:
                    continue
                with self.subTest(model=model, method=method, role=role):
                    records = self.record(model, user)
                    before = self.snapshot(records)
                    target = self.as_user(records, user).with_context(
                        **self.context_for(model, method)
                    )
                    # a request starts with nothing in the cache
                    self.env.invalidate_all()
                    # each call in a savepoint rolled back after it, refused
                    # or not: nothing one call does is seen by the next
                    savepoint = self.env.cr.savepoint()
                    try:
                        with self.assertRaises(
                            UserError, msg=f"{role} called {model}.{method} unrefused"
                        ):
                            getattr(target, method)(*self.args_for(model, method))
                        self.assertEqual(self.snapshot(records), before)
                    finally:
                        savepoint.close(rollback=True)
                        self.env.invalidate_all()
                    checked += 1
        self.assertGreater(checked, 50)
