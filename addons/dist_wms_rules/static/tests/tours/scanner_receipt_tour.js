/** @odoo-module **/
/* A warehouse operator receives a purchase on a phone: the scanner app,
   the receipt, a scanned product, the quantity typed, Validate. */
import {registry} from "@web/core/registry";
import {distScreenshot} from "@dist_governance/../tests/tours/role_tour_utils";

/* What a hardware scanner (a keyboard wedge) sends: the characters, fast,
   then Enter, to the page (Odoo's barcode service reads them there). */
function scanBarcode(barcode) {
    for (const key of [...barcode, "Enter"]) {
        document.body.dispatchEvent(
            new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true})
        );
    }
}

registry.category("web_tour.tours").add("dist_wms_rules_scanner_receipt_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the menu (on a phone: the side menu)",
            trigger: ".o_main_navbar a.o_menu_toggle",
            run: "click",
        },
        {
            content: "On a phone the menu shows the current app: all apps",
            trigger: '.o_app_menu_sidebar a:contains("All Apps")',
            run: "click",
        },
        {
            content: "Open the Barcodes app",
            trigger: '.o_app[data-menu-xmlid="stock_barcodes.stock_barcodes_root"]',
            run: "click",
        },
        {
            content: "Operations: the warehouse's operation types",
            trigger: '.o_stock_barcode_buttons button:contains("Operations")',
            run: "click",
        },
        {
            content: "The receipts to receive",
            trigger:
                '.o_kanban_record:has(a[name="get_stock_picking_action_picking_type"]:contains("Receipts")) button[name="get_action_picking_tree_ready"]',
            run: "click",
        },
        {
            content: "Scan the vendor's receipt",
            trigger:
                '.o_kanban_record:contains("Ridgeway Fasteners") button[name="action_barcode_scan"]',
            run: "click",
        },
        distScreenshot("warehouse_operator_scan_receipt", 'button[name="action_validate_picking"]', "The scanning screen of the receipt is open"),
        {
            content: "Scan the valve's barcode",
            trigger: 'button[name="action_validate_picking"]',
            run: () => scanBarcode("2990000000017"),
        },
        {
            content: "The valve is read; type the quantity received",
            trigger: '.o_field_widget[name="product_qty"] input',
            run: "edit 5 && press Tab",
        },
        distScreenshot("warehouse_operator_scan_quantity", 'button[name="action_confirm"]', "Quantity typed"),
        {
            content: "Confirm the quantity",
            trigger: 'button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "Everything ordered is read: validate the receipt",
            trigger: 'button.btn-primary[name="action_validate_picking"]',
            run: "click",
        },
        {
            content: "Yes, validate",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Back on the transfers ready, the receipt is gone",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains('Ridgeway Fasteners')))",
        },
    ],
});
