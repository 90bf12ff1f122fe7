/** @odoo-module **/
/* Shared steps of the role tours (tests/common_tour.py). */

/**
 * A step that waits for `trigger` (the thing to show), then asks for the
 * screenshot `name` ("dist_screenshot:<name>" on the console) and waits
 * until the test's browser says it is taken (body[data-dist-screenshot]),
 * 10 seconds at most, so the picture shows this screen and not the next.
 * The trigger must not be a disabled button (a step that runs something
 * waits for an enabled one). `scroll`: bring the trigger to the top of the
 * window first (a part of a long form).
 */
export function distScreenshot(name, trigger, content, {scroll = false} = {}) {
    return {
        content: content || `Screenshot ${name}`,
        trigger,
        async run() {
            if (scroll) {
                this.anchor.scrollIntoView({block: "start"});
                await new Promise((resolve) => requestAnimationFrame(resolve));
            }
            console.info(`dist_screenshot:${name}`);
            const deadline = Date.now() + 10000;
            while (
                document.body.dataset.distScreenshot !== name &&
                Date.now() < deadline
            ) {
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
        },
    };
}
