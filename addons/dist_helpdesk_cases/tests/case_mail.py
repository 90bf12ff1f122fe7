"""Generated customer mails for the six seed categories, for training and
held-out checks of the case classifier.

Each mail mixes a category's own ways of saying things with words every
category uses (order, delivery, invoice, pallet, product names, greetings),
so the categories overlap as real mail does; some mails carry a second
topic in passing.
"""

import random

PRODUCTS = [
    "ball valves",
    "copper elbows",
    "PVC pipe",
    "pressure gauges",
    "gate valves",
    "hose clamps",
    "pipe fittings",
    "sealant cartridges",
    "brass couplings",
    "thermostatic mixers",
]

OPENERS = [
    "Hello,",
    "Good morning,",
    "Hi team,",
    "Dear customer service,",
    "To whom it may concern,",
    "",
]

CLOSERS = [
    "Thanks in advance.",
    "Best regards, purchasing.",
    "Please advise.",
    "Kind regards",
    "Call me if needed.",
    "",
]

SAYINGS = {
    "delayed_shipment": [
        "our order of {p} has still not arrived",
        "the delivery of {p} was due on Monday and we are still waiting",
        "can you tell me when the {p} will be delivered",
        "the tracking has not moved for three days",
        "we were promised the {p} last week, where is the shipment",
        "the truck never came, our site is waiting for the {p}",
        "what is the new delivery date for the {p}",
        "the shipment is late again and the job is on hold",
    ],
    "short_shipment": [
        "we only received {n} of the {m} {p} we ordered",
        "one carton of {p} is missing from the delivery",
        "the delivery was incomplete, {p} are short",
        "the packing list says {m} {p} but the pallet had {n}",
        "part of the order did not come, the {p} line is short",
        "fewer {p} arrived than on the delivery note",
        "the quantity delivered does not match, we are short of {p}",
    ],
    "damaged_goods": [
        "the {p} arrived damaged, the box was crushed",
        "several {p} are broken, photos attached",
        "the pallet was wet and the {p} are ruined",
        "two {p} are cracked and leaking",
        "the {p} were dented when we unpacked them",
        "the carrier dropped the pallet, the {p} are defective now",
        "the packaging was torn and the {p} inside are scratched",
    ],
    "return_request": [
        "we would like to return the {p}, we ordered too many",
        "please send a return label for the {p}",
        "we received the wrong item, we need to send the {p} back",
        "can we exchange the {p} for the larger size",
        "the {p} are no longer needed, how do we return them",
        "we ordered the {p} by mistake and want to send them back",
        "please arrange collection of the unused {p}",
    ],
    "invoice_dispute": [
        "the invoice for the {p} shows the wrong price",
        "we were charged twice for the {p}",
        "the discount we agreed is missing from the invoice",
        "please send a credit for the overcharge on the {p}",
        "the VAT on the last invoice is wrong",
        "we paid this invoice already, why is there a reminder",
        "the billed quantity of {p} is higher than what we received on the invoice",
    ],
    "product_inquiry": [
        "do you have a datasheet for the {p}",
        "are the {p} compatible with our existing system",
        "what is the lead time and stock level of {p}",
        "can you quote {m} {p} for a new project",
        "is there an alternative to the {p} with a certificate",
        "what are the dimensions of the {p}",
        "which {p} do you recommend for outdoor use",
    ],
}

NOISE = [
    "Our order reference is on the delivery note.",
    "The pallet came on the usual truck.",
    "Please reply to this mail.",
    "We are a long-standing customer.",
    "The invoice address is unchanged.",
    "This is for our warehouse in the north.",
    "We need this sorted before the weekend.",
    "Thanks for the quick help last time.",
]


def generate(count, seed):
    """`count` (subject, body, category code) mails, reproducible by seed."""
    rng = random.Random(seed)
    codes = sorted(SAYINGS)
    mails = []
    for i in range(count):
        code = codes[i % len(codes)]
        product = rng.choice(PRODUCTS)
        m = rng.randint(4, 40)
        n = rng.randint(1, m - 1)

        def say(topic, product=product, m=m, n=n):
            return rng.choice(SAYINGS[topic]).format(p=product, m=m, n=n)

        sentences = [say(code)]
        if rng.random() < 0.5:
            sentences.append(say(code))
        sentences += rng.sample(NOISE, rng.randint(1, 3))
        if rng.random() < 0.2:
            # a second topic in passing, as customers do
            sentences.append(say(rng.choice([c for c in codes if c != code])))
        rng.shuffle(sentences)
        subject = rng.choice(
            [
                sentences[0][:40],
                f"Order {rng.randint(10000, 99999)}",
                f"{product.title()}",
                "Question",
            ]
        )
        body = " ".join(
            [rng.choice(OPENERS)]
            + [
                s[0].upper() + s[1:] + ("" if s.endswith(".") else ".")
                for s in sentences
            ]
            + [rng.choice(CLOSERS)]
        )
        mails.append((subject, f"<p>{body}</p>", code))
    return mails
