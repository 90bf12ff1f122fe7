/** @odoo-module **/
/* The warehouse manager's tour, from login (tests/test_role_tours.py):
   the control tower, their warehouse rules, a count waiting for them. */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {distScreenshot} from "@dist_governance/../tests/tours/role_tour_utils";

registry.category("web_tour.tours").add("dist_wms_rules_warehouse_manager_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The warehouse manager lands on the control tower",
            trigger: '.o_breadcrumb:contains("Control tower")',
        },
        distScreenshot(
            "warehouse_manager_home",
            '.o_dist_kpi_tiles .o_kanban_record:contains("Inventory accuracy")',
            "Their tiles: OTIF, fill rate, inventory accuracy..."
        ),
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Inventory",
            trigger: '.o_app[data-menu-xmlid="stock.menu_stock_root"]',
            run: "click",
        },
        {
            content: "Open the configuration menu",
            trigger: '[data-menu-xmlid="stock.menu_stock_config_settings"]',
            run: "click",
        },
        {
            content: "Open the warehouse rules",
            trigger: '[data-menu-xmlid="dist_wms_rules.dist_warehouse_settings_menu"]',
            run: "click",
        },
        {
            content: "Class A items are counted every 30 days",
            trigger: '.o_form_view .o_field_widget[name="dist_count_days_a"] input',
            run: "edit 14",
        },
        distScreenshot(
            "warehouse_manager_rules",
            '.o_form_view .o_field_widget[name="dist_count_tolerance"]',
            "The company's warehouse rules"
        ),
        {
            content: "Save them",
            trigger: '.o_form_view button[name="action_save"]',
            run: "click",
        },
        {
            content: "Saved",
            trigger:
                'body:not(:has(.o_form_dirty)) .o_form_view .o_field_widget[name="dist_count_days_a"] input:value(14)',
        },
        {
            content: "Open the cycle counts menu",
            trigger: '[data-menu-xmlid="dist_wms_rules.dist_counting_menu"]',
            run: "click",
        },
        {
            content: "Open the adjustment approvals",
            trigger: '[data-menu-xmlid="dist_wms_rules.dist_inventory_adjustment_menu"]',
            run: "click",
        },
        {
            content: "Open the count waiting for them",
            trigger: '.o_data_row:contains("Brass ball valve") .o_data_cell[name="product_id"]',
            run: "click",
        },
        distScreenshot(
            "warehouse_manager_adjustment",
            '.o_form_view button[name="validate_tier"]',
            "The count, its variance and its value"
        ),
        {
            content: "Approve it",
            trigger: '.o_form_view button[name="validate_tier"]',
            run: "click",
        },
        {
            content: "The stock is corrected",
            trigger: '.o_form_view .o_field_widget[name="applied_by_id"]:contains("Robin Warehouse")',
        },
    ],
});
