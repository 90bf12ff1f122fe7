/** @odoo-module **/
/* A governance controller reads the approval matrix as a grid by company. */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("dist_purchase_policy_matrix_tour", {
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
            content: "Open the approvals menu",
            trigger: '[data-menu-xmlid="dist_governance.dist_approval_menu_root"]',
            run: "click",
        },
        {
            content: "Open the matrix",
            trigger: '[data-menu-xmlid="dist_governance.dist_approval_matrix_menu"]',
            run: "click",
        },
        {
            content: "The matrix is grouped by document type",
            trigger: '.o_group_header:contains("Purchase order")',
        },
        {
            content: "Open the approvals menu again",
            trigger: '[data-menu-xmlid="dist_governance.dist_approval_menu_root"]',
            run: "click",
        },
        {
            content: "Open the grid by company",
            trigger:
                '[data-menu-xmlid="dist_governance.dist_approval_matrix_grid_menu"]',
            run: "click",
        },
        {
            content: "The grid shows the band and the approvers per tier",
            trigger:
                '.o_dist_matrix_grid td:contains("2. Tour second approver")',
        },
    ],
});
