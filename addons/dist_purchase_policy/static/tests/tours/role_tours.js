/** @odoo-module **/
/* The purchasing roles' tours, from login (tests/test_role_tours.py). */
import {registry} from "@web/core/registry";
import {distScreenshot} from "@dist_governance/../tests/tours/role_tour_utils";

/* A buyer lands on the Buyer queue, opens a proposal, reads why, and
   turns it into an RFQ. */
registry.category("web_tour.tours").add("dist_purchase_policy_buyer_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The buyer lands on the Buyer queue",
            trigger: '.o_breadcrumb:contains("Buyer queue")',
        },
        {
            content: "Grouped by vendor: the buyer opens the vendor's lines",
            trigger: '.o_group_header:contains("Ridgeway Fasteners")',
            run: "click",
        },
        distScreenshot(
            "buyer_home",
            '.o_data_row:contains("Tour bracket"):contains("per month")',
            "The proposal says why, in a column of its own"
        ),
        {
            content: "Open the proposal",
            trigger: '.o_data_row:contains("Tour bracket") .o_data_cell[name="product_id"]',
            run: "click",
        },
        {
            content: "The form says why on top",
            trigger: '.o_form_view .o_field_widget[name="reason"]:contains("per month")',
        },
        distScreenshot(
            "buyer_recommendation",
            '.o_form_view .o_field_widget[name="urgency"]:contains("Critical")',
            "Critical: already into safety stock"
        ),
        {
            content: "Create the RFQ",
            trigger: '.o_form_view button[name="action_create_orders"]',
            run: "click",
        },
        {
            content: "The RFQs list opens, with the vendor's RFQ",
            trigger:
                '.o_action:has(.o_breadcrumb:contains("Requests for Quotation")) .o_data_row:contains("Ridgeway Fasteners")',
        },
        distScreenshot(
            "buyer_rfq",
            '.o_data_row:contains("Ridgeway Fasteners")',
            "The RFQ made from the proposal"
        ),
    ],
});

/* A purchasing manager lands on the orders waiting for their approval,
   opens one and validates it. */
registry.category("web_tour.tours").add("dist_purchase_policy_purchasing_manager_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The manager lands on the orders waiting for their approval",
            trigger: '.o_breadcrumb:contains("Waiting for my approval")',
        },
        {
            content: "Filtered on what needs their review",
            trigger: '.o_searchview_facet:contains("Needs my Review")',
        },
        distScreenshot(
            "purchasing_manager_home",
            '.o_data_row:contains("Ridgeway Fasteners")',
            "The buyer's order waits for them"
        ),
        {
            content: "Open the order",
            trigger: '.o_data_row:contains("Ridgeway Fasteners") .o_data_cell[name="name"]',
            run: "click",
        },
        {
            content: "The order asks for their validation",
            trigger: '.o_form_view:contains("needs to be validated")',
        },
        distScreenshot(
            "purchasing_manager_order",
            '.o_form_view button[name="validate_tier"]'
        ),
        {
            content: "Validate",
            trigger: '.o_form_view button[name="validate_tier"]',
            run: "click",
        },
        {
            content: "The order is validated",
            trigger: '.o_form_view:contains("Operation has been validated")',
        },
        distScreenshot(
            "purchasing_manager_validated",
            '.o_form_view:not(:has(button[name="validate_tier"]))'
        ),
    ],
});
