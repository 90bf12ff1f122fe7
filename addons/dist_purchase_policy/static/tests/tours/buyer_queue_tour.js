/** @odoo-module **/
/* A buyer turns the proposals of one vendor into an RFQ from the queue. */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("dist_purchase_policy_buyer_queue_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Distribution app",
            trigger:
                '.o_app[data-menu-xmlid="dist_governance.dist_governance_menu_root"]',
            run: "click",
        },
        {
            content: "Open the replenishment menu",
            trigger:
                '[data-menu-xmlid="dist_purchase_policy.dist_replenishment_menu_root"]',
            run: "click",
        },
        {
            content: "Open the buyer queue",
            trigger:
                '[data-menu-xmlid="dist_purchase_policy.dist_purchase_recommendation_menu"]',
            run: "click",
        },
        {
            content: "The queue is grouped by vendor, open, the most urgent first",
            trigger: '.o_group_header:contains("Ridgeway Fasteners")',
        },
        {
            content: "The proposal says why, in a column of its own",
            trigger: '.o_data_row:contains("Tour bracket"):contains("per month")',
        },
        {
            content: "Select the proposal",
            trigger: ".o_data_row .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Create the RFQ",
            trigger: 'button[name="action_create_orders"]',
            run: "click",
        },
        {
            content: "The RFQs list opens, with the vendor's RFQ",
            trigger:
                '.o_breadcrumb:contains("Requests for Quotation") ~ * .o_data_row:contains("Ridgeway Fasteners"), .o_action:has(.o_breadcrumb:contains("Requests for Quotation")) .o_data_row:contains("Ridgeway Fasteners")',
        },
    ],
});
