/** @odoo-module **/
/* A warehouse operator logs in, lands on Warehouse today, receives today's
   receipt and records a count due today. */
import {registry} from "@web/core/registry";
import {distScreenshot} from "@dist_governance/../tests/tours/role_tour_utils";

const CARD = '.o_kanban_record:contains("Harborline Tour")';

registry.category("web_tour.tours").add("dist_wms_rules_warehouse_operator_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The operator lands on Warehouse today, on their warehouse's card",
            trigger: `.o_breadcrumb:contains("Warehouse today"), ${CARD}`,
        },
        {
            content: "One receipt, one delivery and one count for today",
            trigger: `${CARD} .o_dist_today_receipts button:contains("1"):contains("To receive")`,
        },
        distScreenshot(
            "warehouse_operator_home",
            `${CARD} .o_dist_today_counts button:contains("1"):contains("To count")`,
            "The deliveries and counts of the day are on the same card"
        ),
        {
            content: "Open today's receipts",
            trigger: `${CARD} .o_dist_today_receipts button`,
            run: "click",
        },
        distScreenshot(
            "warehouse_operator_receipts",
            '.o_data_row:contains("Ridgeway Fasteners")',
            "The receipt of the day is listed"
        ),
        {
            content: "Open the receipt",
            trigger: '.o_data_row:contains("Ridgeway Fasteners") td.o_data_cell',
            run: "click",
        },
        {
            content: "Validate it",
            trigger: '.o_form_view .o_statusbar_buttons button[name="button_validate"]',
            run: "click",
        },
        {
            content: "The receipt is done",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Done")',
        },
        {
            content: "Back to Warehouse today",
            trigger: '.o_breadcrumb a:contains("Warehouse today")',
            run: "click",
        },
        {
            content: "Nothing left to receive today",
            trigger: `${CARD} .o_dist_today_receipts button:contains("0")`,
        },
        {
            content: "Open the counts due today",
            trigger: `${CARD} .o_dist_today_counts button`,
            run: "click",
        },
        distScreenshot(
            "warehouse_operator_counts",
            '.o_data_row:contains("Tour ball valve")',
            "The quant due today is on the count list"
        ),
        {
            content: "Edit its counted quantity",
            trigger: '.o_data_row:contains("Tour ball valve") td.o_data_cell[name="inventory_quantity"]',
            run: "click",
        },
        {
            content: "Count 9",
            trigger: '.o_data_row.o_selected_row td[name="inventory_quantity"] input',
            run: "edit 9",
        },
        {
            content: "Save the count",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The count is kept",
            trigger: '.o_data_row:not(.o_selected_row):contains("Tour ball valve") td[name="inventory_quantity"]:contains("9")',
        },
    ],
});
