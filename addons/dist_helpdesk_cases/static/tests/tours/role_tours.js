/** @odoo-module **/
/* The service roles' tours, from login (tests/test_role_tours.py). */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";
import {distScreenshot} from "@dist_governance/../tests/tours/role_tour_utils";

/* A service agent lands on their open cases, opens one, reads the order
   and its SLA, and expedites the late delivery. */
registry.category("web_tour.tours").add("dist_helpdesk_cases_service_agent_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The agent lands on their open cases",
            trigger: '.o_breadcrumb:contains("My open cases")',
        },
        distScreenshot(
            "service_agent_home",
            '.o_data_row:contains("Order late") .o_data_cell[name="dist_sla_status"] .badge',
            "The nearest SLA deadline first"
        ),
        {
            content: "Open the case",
            trigger: '.o_data_row:contains("Order late") .o_data_cell[name="name"]',
            run: "click",
        },
        {
            content: "The case says its SLA",
            trigger: '.o_form_view .o_field_widget[name="dist_sla_status"] .badge',
        },
        {
            content: "The order panel shows the order and its delivery",
            trigger: `.o_form_view .o_field_widget[name="dist_order_panel"]:contains("Ball valve 1in")`,
        },
        distScreenshot(
            "service_agent_case",
            '.o_form_view .o_field_widget[name="dist_sale_order_id"]',
            "The case, its SLA and its order"
        ),
        distScreenshot(
            "service_agent_order_panel",
            '.o_form_view .o_notebook',
            "The order panel: deliveries, stock, invoices",
            {scroll: true}
        ),
        {
            content: "Act on it",
            trigger: '.o_form_view .o_notebook button:contains("Resolution action")',
            run: "click",
        },
        {
            content: "Choose the action",
            trigger: '.modal .o_field_widget[name="action_id"] input',
            run: "edit Expedite",
        },
        {
            content: "Expedite the open deliveries",
            trigger: '.o-autocomplete--dropdown-item:contains("Expedite")',
            run: "click",
        },
        {
            content: "Apply",
            trigger: '.modal-footer button[name="action_apply"]',
            run: "click",
        },
        {
            content: "Back on the case, the dialog closed",
            trigger: 'body:not(:has(.modal)) .o_form_view .o_field_widget[name="dist_sla_status"]',
        },
    ],
});

/* A service manager reads the tower, then a case category, and hands a
   case to another agent. */
registry.category("web_tour.tours").add("dist_helpdesk_cases_service_manager_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The service manager lands on the control tower",
            trigger: '.o_breadcrumb:contains("Control tower")',
        },
        distScreenshot(
            "service_manager_home",
            '.o_dist_kpi_tiles .o_kanban_record:contains("SLA breach rate")',
            "Their tiles: SLA breach rate, service backlog"
        ),
        stepUtils.showAppsMenuItem(),
        {
            content: "Open Helpdesk",
            trigger: '.o_app[data-menu-xmlid="helpdesk_mgmt.helpdesk_ticket_main_menu"]',
            run: "click",
        },
        {
            content: "Open the configuration menu",
            trigger: '[data-menu-xmlid="helpdesk_mgmt.helpdesk_ticket_config_main_menu"]',
            run: "click",
        },
        {
            content: "Open the categories",
            trigger: '[data-menu-xmlid="helpdesk_mgmt.helpdesk_ticket_category_menu"]',
            run: "click",
        },
        {
            content: "Open the delayed shipments' category",
            trigger: '.o_data_row:contains("Delayed shipment") .o_data_cell[name="name"]',
            run: "click",
        },
        distScreenshot(
            "service_manager_category",
            '.o_form_view .o_notebook a:contains("SLA and working hours")',
            "A category: SLA, playbook, what closing needs"
        ),
        {
            content: "Open the tickets menu",
            trigger: '[data-menu-xmlid="helpdesk_mgmt.helpdesk_ticket_menu"]',
            run: "click",
        },
        {
            content: "Open all tickets",
            trigger: '[data-menu-xmlid="helpdesk_mgmt.helpdesk_all_ticket_menu"]',
            run: "click",
        },
        {
            content: "Open the case",
            trigger: '.o_data_row:contains("Order late") .o_data_cell[name="name"]',
            run: "click",
        },
        {
            content: "Hand it to another agent",
            trigger: '.o_form_view .o_field_widget[name="user_id"] input',
            run: "edit Jordan",
        },
        {
            content: "Pick them",
            trigger: '.o-autocomplete--dropdown-item:contains("Jordan Agent")',
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: 'body:not(:has(.o_form_dirty)) .o_form_view .o_field_widget[name="user_id"] input:value("Jordan Agent")',
        },
        distScreenshot(
            "service_manager_case",
            '.o_form_view .o_field_widget[name="user_id"]',
            "The case, handed to another agent"
        ),
    ],
});
