import werkzeug.utils
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class DistHelpdeskTicketController(HelpdeskTicketController):
    """helpdesk_mgmt's portal routes, kept to the caller's own cases.

    Upstream, `/ticket/close` finds the ticket with sudo and checks no
    ownership, and `/submitted/ticket` takes the category and team ids of
    the form as they come (the category also sets the ticket's company):
    any logged-in user could close another customer's case, or file one in
    another company. Each route here first checks what the caller may see
    under the record rules, then lets upstream do the work.
    """

    def _dist_portal_ticket(self, ticket_id):
        """The ticket `ticket_id` if the current user may act on it from the
        portal, else NotFound (the same answer as for a ticket that does not
        exist, so ids of other customers' cases reveal nothing).

        A portal user acts on the cases of their own customer company: the
        ticket must be readable under the portal record rules and its
        customer must belong to the user's commercial partner (following a
        case is not owning it). An internal user must be allowed to write it.
        """
        try:
            ticket_id = int(ticket_id)
        except (TypeError, ValueError) as error:
            raise NotFound() from error
        user = request.env.user
        domain = [("id", "=", ticket_id)]
        if user.share:
            domain.append(("partner_id", "child_of", user.commercial_partner_id.id))
        # the caller's own record rules (portal: their company's cases)
        ticket = request.env["helpdesk.ticket"].search(domain)
        if not ticket or not (user.share or ticket.has_access("write")):
            raise NotFound()
        return ticket

    @http.route()
    def support_ticket_close(self, **kw):
        ticket = self._dist_portal_ticket(kw.get("ticket_id"))
        try:
            stage_id = int(kw.get("stage_id") or 0)
        except ValueError as error:
            raise NotFound() from error
        # sudo: the caller's right to the ticket is checked above; these are
        # the close buttons its portal page shows (the team may be hidden
        # from the portal)
        closing = (
            ticket.sudo().team_id._get_applicable_stages().filtered("close_from_portal")
        )
        if stage_id not in closing.ids:
            # as upstream answers a stage it does not close to: back to the
            # case, which stays as it was
            return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")
        return super().support_ticket_close(**kw)

    def _prepare_submit_ticket_vals(self, **kw):
        """Only a category and a team the form offers this user, in one of
        the user's companies; anything else is refused, not silently
        replaced, so nothing is filed where the customer did not see it."""
        vals = super()._prepare_submit_ticket_vals(**kw)
        if vals.get("category_id") and vals["category_id"] not in (
            self._get_categories(**kw).ids
        ):
            raise NotFound()
        if vals.get("team_id") and vals["team_id"] not in self._get_teams().ids:
            raise NotFound()
        if vals["company_id"] not in request.env.user.company_ids.ids:
            raise NotFound()
        return vals
