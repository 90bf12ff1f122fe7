/** @odoo-module **/
/* The governance roles' tours, from login (tests/test_role_tours.py). */
import {registry} from "@web/core/registry";
import {distScreenshot} from "@dist_governance/../tests/tours/role_tour_utils";

const TILE = '.o_kanban_record:contains("Exceptions raised")';

function landOnTheTower(role) {
    return [
        {
            content: "The user lands on the control tower",
            trigger: '.o_breadcrumb:contains("Control tower")',
        },
        {
            content: "Its tiles show the figures of their companies",
            trigger: `${TILE} .fs-2:contains("3")`,
        },
        distScreenshot(`${role}_home`, `.o_dist_kpi_tiles ${TILE}`),
    ];
}

/* A process owner reads the tower and opens the records behind a tile. */
registry.category("web_tour.tours").add("dist_governance_process_owner_tour", {
    url: "/odoo",
    steps: () => [
        ...landOnTheTower("process_owner"),
        {
            content: "Open the records behind the exceptions raised",
            trigger: `${TILE} .fs-2`,
            run: "click",
        },
        {
            content: "The drill-down lists them, by warehouse and type",
            trigger: '.o_breadcrumb:contains("Exceptions raised")',
        },
        {
            content: "Open the warehouse's group",
            trigger: '.o_group_header:contains("Tour Central (3)")',
            run: "click",
        },
        {
            content: "Then the type's",
            trigger: '.o_group_header:contains("Reported by hand (3)")',
            run: "click",
        },
        distScreenshot(
            "process_owner_drilldown",
            '.o_data_row:contains("Pallet found broken on dock 4")',
            "The exceptions behind the figure"
        ),
    ],
});

/* A governance controller works the exception register: opens an
   exception, gives it to the process owner. */
registry.category("web_tour.tours").add("dist_governance_governance_controller_tour", {
    url: "/odoo",
    steps: () => [
        ...landOnTheTower("governance_controller"),
        {
            content: "Open the exceptions menu",
            trigger: '[data-menu-xmlid="dist_governance.dist_exception_menu_root"]',
            run: "click",
        },
        {
            content: "Open the exception register",
            trigger: '[data-menu-xmlid="dist_governance.dist_exception_menu"]',
            run: "click",
        },
        distScreenshot(
            "governance_controller_register",
            '.o_kanban_record:contains("Label printer out of service")',
            "The register, by state"
        ),
        {
            content: "Open the unassigned exception",
            trigger: '.o_kanban_record:contains("Label printer out of service")',
            run: "click",
        },
        {
            content: "Give it to the process owner",
            trigger: '.o_field_widget[name="owner_id"] input',
            run: "edit Pat",
        },
        {
            content: "Pick them",
            trigger: '.o-autocomplete--dropdown-item:contains("Pat Owner")',
            run: "click",
        },
        {
            content: "Start it",
            trigger: '.o_form_view button[name="action_start"]',
            run: "click",
        },
        {
            content: "It is in progress",
            trigger: '.o_form_view .o_statusbar_status .o_arrow_button_current:contains("In progress")',
        },
        distScreenshot(
            "governance_controller_exception",
            '.o_form_view button[name="action_resolve"]',
            "The exception, assigned and in progress"
        ),
    ],
});

/* An executive reads the tower, then the group dashboard. */
registry.category("web_tour.tours").add("dist_governance_executive_tour", {
    url: "/odoo",
    steps: () => [
        ...landOnTheTower("executive"),
        {
            content: "Open the control tower menu",
            trigger: '[data-menu-xmlid="dist_governance.dist_kpi_menu_root"]',
            run: "click",
        },
        {
            content: "Open the dashboards",
            trigger: '[data-menu-xmlid="dist_governance.dist_kpi_menu_dashboards"]',
            run: "click",
        },
        {
            content: "The group dashboard opens",
            trigger:
                '.o_spreadsheet_dashboard_action .o_search_panel_category_value.active:contains("Group")',
            // the spreadsheet's code is loaded on first use: slow on a
            // busy machine
            timeout: 60000,
        },
        {
            content: "Its sheet is drawn",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer canvas",
            timeout: 30000,
        },
        {
            content: "Its figures are read (the pivots load after the sheet)",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-figure",
            run: async () => {
                await new Promise((resolve) => setTimeout(resolve, 1500));
            },
        },
        distScreenshot(
            "executive_dashboard",
            ".o_spreadsheet_dashboard_action .o_renderer canvas",
            "The group dashboard"
        ),
    ],
});
