/** @odoo-module **/
/* A governance controller opens the Distribution app on its exception
   register, then the suite's roles, and finds their own. */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("dist_governance_roles_tour", {
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
            content: "The app opens on the exception register",
            trigger: '.o_breadcrumb:contains("Exceptions")',
        },
        {
            content: "Open the configuration menu",
            trigger:
                '[data-menu-xmlid="dist_governance.dist_governance_menu_configuration"]',
            run: "click",
        },
        {
            content: "Open the roles",
            trigger: '[data-menu-xmlid="dist_governance.res_groups_menu_dist_roles"]',
            run: "click",
        },
        {
            content: "The roles list is grouped by area: open Governance",
            trigger: '.o_group_header:contains("Distribution: Governance")',
            run: "click",
        },
        {
            content: "The controller role is listed with what it does",
            trigger: '.o_data_row:contains("Governance controller")',
        },
    ],
});
