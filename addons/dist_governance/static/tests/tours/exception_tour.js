/** @odoo-module **/
/* A process owner works an exception from the register: start, give the
   root cause, resolve. */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("dist_governance_exception_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Distribution app: the exception register",
            trigger:
                '.o_app[data-menu-xmlid="dist_governance.dist_governance_menu_root"]',
            run: "click",
        },
        {
            content: "Open the exception on the kanban",
            trigger: '.o_kanban_record:contains("Pallet found broken")',
            run: "click",
        },
        {
            content: "Start working on it",
            trigger: 'button[name="action_start"]',
            run: "click",
        },
        {
            content: "It is in progress",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("In progress")',
        },
        {
            content: "Give the root cause",
            trigger: '.o_field_widget[name="root_cause_id"] input',
            run: "edit Receiving",
        },
        {
            content: "Pick it",
            trigger: '.o-autocomplete--dropdown-item:contains("Receiving backlog")',
            run: "click",
        },
        {
            content: "Resolve",
            trigger: 'button[name="action_resolve"]',
            run: "click",
        },
        {
            content: "It is resolved",
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Resolved")',
        },
    ],
});
