"""Staging the supply side: replenishment, purchase orders, receipts,
the opening stock that keeps every location non-negative, and today's
reservations on open deliveries.
"""

PURCHASES = [
    # ---- purchases ----------------------------------------------------------
    (
        "replenishment cycles",
        """
        CREATE TEMP TABLE dist_gen_cycle AS
        WITH past AS (
            SELECT l.pair_id, floor(l.day / p.review_days)::int AS cycle,
                   sum(l.qty) AS qty
              FROM dist_gen_line l JOIN dist_gen_pair p USING (pair_id)
             WHERE l.kind = 'sale'
             GROUP BY l.pair_id, floor(l.day / p.review_days)
        ), recent AS (
            -- what a buyer expects per cycle from the last year's sales
            SELECT l.pair_id, sum(l.qty) * p.review_days / 365.0 AS per_cycle
              FROM dist_gen_line l JOIN dist_gen_pair p USING (pair_id)
             WHERE l.kind = 'sale' AND l.day > %(days)s - 365
             GROUP BY l.pair_id, p.review_days
        ), future AS (
            -- cycles not yet (fully) sold are bought on that expectation
            SELECT r.pair_id, c.cycle,
                   round(r.per_cycle * (0.8 + 0.4
                         * pg_temp.dist_u(r.pair_id, c.cycle, 0, 29))) AS qty
              FROM recent r
              JOIN dist_gen_pair p USING (pair_id)
              CROSS JOIN LATERAL generate_series(
                  floor(%(days)s / p.review_days)::int,
                  floor((%(days)s + 100) / p.review_days)::int) AS c(cycle)
             WHERE r.per_cycle > 0
        ), first_future AS (
            SELECT pair_id, min(cycle) AS cycle FROM future GROUP BY pair_id
        ), demand AS (
            SELECT past.* FROM past
              LEFT JOIN first_future ff USING (pair_id)
             WHERE ff.cycle IS NULL OR past.cycle < ff.cycle
            UNION ALL
            SELECT * FROM future WHERE qty > 0
        ), span AS (
            -- an order covers as many cycles as the MOQ takes to sell, so a
            -- slow mover with a big MOQ is not bought every cycle
            SELECT p.pair_id,
                   greatest(1, least(6, ceil(p.moq / greatest(0.01,
                       sum(d.qty) * p.review_days / (%(days)s + 1.0)))))::int AS k
              FROM demand d JOIN dist_gen_pair p USING (pair_id)
             GROUP BY p.pair_id, p.moq, p.review_days
        ), covered AS (
            SELECT d.pair_id, (d.cycle / s.k) * s.k AS cycle, sum(d.qty) AS qty
              FROM demand d JOIN span s USING (pair_id)
             GROUP BY d.pair_id, (d.cycle / s.k) * s.k
        ), vendor AS (
            SELECT d.*, p.pidx, p.widx, p.moq, p.review_days,
                   CASE WHEN p.alt_vidx IS NOT NULL
                         AND pg_temp.dist_u(p.pair_id, d.cycle, 0, 30) < 0.2
                        THEN p.alt_vidx ELSE p.vidx END AS vidx,
                   CASE WHEN p.alt_vidx IS NOT NULL
                         AND pg_temp.dist_u(p.pair_id, d.cycle, 0, 30) < 0.2
                        THEN p.alt_price ELSE p.price END AS price
              FROM covered d JOIN dist_gen_pair p USING (pair_id)
        ), dated AS (
            SELECT v.*, ve.lead, ve.order_dow,
                   v.cycle * v.review_days - ve.lead - 2 AS want_day
              FROM vendor v JOIN dist_gen_vendor ve USING (vidx)
        )
        SELECT d.pair_id, d.cycle, d.pidx, d.widx, d.vidx, d.price, d.lead,
               d.want_day - ((extract(isodow FROM %(start)s::date + d.want_day)::int
                              - d.order_dow + 7) %% 7) AS po_day,
               greatest(d.moq, ceil(d.qty * (0.95 + 0.25
                   * pg_temp.dist_u(d.pair_id, d.cycle, 0, 31))))::numeric AS raw_qty
          FROM dated d
        """,
    ),
    (
        "purchase orders",
        """
        CREATE TEMP TABLE dist_gen_po AS
        WITH grouped AS (
            SELECT widx, vidx, po_day, max(lead) AS lead
              FROM dist_gen_cycle
             WHERE po_day BETWEEN 0 AND %(days)s
             GROUP BY widx, vidx, po_day
        ), drawn AS (
            SELECT g.*, v.partner_id, v.late, v.late_days, v.early,
                   w.company_id, w.buyer_uid, w.in_type,
                   pg_temp.dist_u(g.widx, g.vidx, g.po_day, 32) AS u_time,
                   pg_temp.dist_u(g.widx, g.vidx, g.po_day, 33) AS u_late,
                   pg_temp.dist_u(g.widx, g.vidx, g.po_day, 34) AS u_days,
                   pg_temp.dist_u(g.widx, g.vidx, g.po_day, 35) AS u_rfq
              FROM grouped g
              JOIN dist_gen_vendor v USING (vidx)
              JOIN dist_gen_wh w USING (widx)
        ), timed AS (
            SELECT d.*,
                   (%(start)s::date + po_day)::timestamp + interval '8 hours'
                       + u_time * interval '8 hours' AS order_dt,
                   greatest(po_day + 1, po_day + lead + CASE
                       WHEN u_late < late
                           THEN 1 + floor(u_days * 2 * late_days)::int
                       WHEN u_late < late + early
                           THEN -1 - floor(u_days * 3)::int
                       ELSE 0 END) AS receipt_day
              FROM drawn d
        )
        SELECT nextval('purchase_order_id_seq')::int AS id, t.*,
               CASE WHEN po_day >= %(days)s - 7 AND u_rfq < 0.4 THEN 'rfq'
                    WHEN receipt_day <= %(days)s THEN 'received'
                    ELSE 'open' END AS status
          FROM timed t
         ORDER BY order_dt, widx, vidx
        """,
    ),
    (
        "purchase order names",
        """
        CREATE TEMP TABLE dist_gen_po2 AS
        SELECT po.*,
               %(po_prefix)s || pg_temp.dist_seq(%(po_next)s - 1 + row_number()
                   OVER (ORDER BY po.order_dt, po.id), %(po_pad)s) AS name,
               CASE WHEN po.status <> 'rfq'
                    THEN nextval('procurement_group_id_seq')::int END AS group_id,
               po.order_dt + po.lead * interval '1 day' AS planned_dt,
               (%(start)s::date + po.receipt_day)::timestamp + interval '9 hours'
                   + po.u_days * interval '7 hours' AS receipt_dt
          FROM dist_gen_po po
         ORDER BY po.id
        """,
    ),
    ("po2 index", "CREATE UNIQUE INDEX ON dist_gen_po2 (widx, vidx, po_day)"),
    (
        "purchase order lines",
        """
        CREATE TEMP TABLE dist_gen_pol AS
        SELECT nextval('purchase_order_line_id_seq')::int AS id, po.id AS order_id,
               c.pair_id, c.pidx, c.widx, c.price,
               (CASE WHEN pr.pack > 1 THEN ceil(c.raw_qty / pr.pack) * pr.pack
                     ELSE c.raw_qty END)::numeric AS qty,
               (10 * row_number() OVER (PARTITION BY po.id ORDER BY c.pidx))::int
                   AS seq,
               pg_temp.dist_u(c.pair_id, c.cycle, 0, 36) AS u_short,
               pg_temp.dist_u(c.pair_id, c.cycle, 0, 37) AS u_short_qty,
               v.short
          FROM dist_gen_cycle c
          JOIN dist_gen_po2 po USING (widx, vidx, po_day)
          JOIN dist_gen_product pr USING (pidx)
          JOIN dist_gen_vendor v USING (vidx)
         ORDER BY po.id, c.pidx
        """,
    ),
    (
        "receipt pickings",
        """
        INSERT INTO dist_gen_pick
        SELECT nextval('stock_picking_id_seq')::int, po.widx, 'in', 'rcpt',
               coalesce(CASE WHEN po.status = 'received' THEN po.receipt_dt END,
                        po.planned_dt),
               CASE WHEN po.status = 'received' THEN 'done' ELSE 'assigned' END,
               po.partner_id, po.name, po.planned_dt,
               CASE WHEN po.status = 'received' THEN po.receipt_dt END,
               po.group_id, NULL, po.id, NULL, NULL, NULL, NULL
          FROM dist_gen_po2 po
         WHERE po.status <> 'rfq'
         ORDER BY po.id
        """,
    ),
    (
        "receipt moves",
        """
        INSERT INTO dist_gen_mv
        SELECT nextval('stock_move_id_seq')::int, p.id, 'rcpt', l.pidx, l.widx,
               l.qty,
               CASE WHEN p.state = 'done' AND l.u_short < l.short
                    THEN greatest(1, floor(l.qty * (0.6 + 0.35 * l.u_short_qty)))
                    ELSE l.qty END,
               CASE WHEN p.state = 'done' THEN 'done' ELSE 'assigned' END,
               coalesce(p.done_dt, p.scheduled), p.scheduled, NULL, l.id, NULL,
               p.group_id, NULL, l.price::float8, p.origin,
               %(supplier_loc)s::int, w.stock_loc, w.in_type, NULL, false, false,
               w.company_id
          FROM dist_gen_pick p
          JOIN dist_gen_pol l ON l.order_id = p.po_id
          JOIN dist_gen_wh w ON w.widx = p.widx
         WHERE p.kind = 'rcpt'
         ORDER BY p.id, l.seq
        """,
    ),
    # ---- opening stock so that no location ever goes below zero ----------
    (
        "opening stock",
        """
        CREATE TEMP TABLE dist_gen_opening AS
        WITH events AS (
            SELECT pidx, widx, date,
                   CASE WHEN loc_dst = %(customer_loc)s THEN -qty ELSE qty END
                       AS delta,
                   CASE WHEN loc_dst = %(customer_loc)s THEN 0 ELSE 1 END AS ord
              FROM dist_gen_mv
             WHERE state = 'done'
        ), running AS (
            SELECT pidx, widx,
                   sum(delta) OVER (PARTITION BY pidx, widx
                                    ORDER BY date, ord
                                    ROWS UNBOUNDED PRECEDING) AS balance
              FROM events
        ), low AS (
            SELECT pidx, widx, min(balance) AS low
              FROM running GROUP BY pidx, widx
        ), weekly AS (
            SELECT pidx, widx, sum(qty) / 104.0 AS weekly
              FROM dist_gen_line WHERE kind = 'sale' GROUP BY pidx, widx
        )
        SELECT p.pidx, p.widx,
               greatest(0, -coalesce(low.low, 0))
                   + ceil(coalesce(weekly.weekly, 0)
                          * (0.5 + pg_temp.dist_u(p.pair_id, 0, 0, 40)))
                   ::numeric AS qty
          FROM dist_gen_pair p
          LEFT JOIN low USING (pidx, widx)
          LEFT JOIN weekly USING (pidx, widx)
        """,
    ),
    (
        "opening moves",
        """
        INSERT INTO dist_gen_mv
        SELECT nextval('stock_move_id_seq')::int, NULL, 'opening', o.pidx, o.widx,
               o.qty, o.qty, 'done',
               (%(start)s::date - 1)::timestamp + interval '8 hours', NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, w.inv_loc, w.stock_loc, NULL,
               NULL, false, true, w.company_id
          FROM dist_gen_opening o
          JOIN dist_gen_wh w USING (widx)
         WHERE o.qty > 0
         ORDER BY o.widx, o.pidx
        """,
    ),
    ("moves index", "CREATE UNIQUE INDEX ON dist_gen_mv (id)"),
    ("moves pick index", "CREATE INDEX ON dist_gen_mv (pick_id)"),
    # ---- today's reservations on open deliveries --------------------------
    (
        "reservations",
        """
        CREATE TEMP TABLE dist_gen_reserve AS
        WITH onhand AS (
            SELECT pidx, widx,
                   sum(CASE WHEN loc_dst = %(customer_loc)s THEN -qty
                            ELSE qty END) AS qty
              FROM dist_gen_mv WHERE state = 'done'
             GROUP BY pidx, widx
        ), open AS (
            SELECT m.id, m.pidx, m.widx, m.demand,
                   sum(m.demand) OVER (PARTITION BY m.pidx, m.widx
                                       ORDER BY m.deadline, m.id
                                       ROWS UNBOUNDED PRECEDING) AS cum
              FROM dist_gen_mv m
             WHERE m.state <> 'done' AND m.loc_dst = %(customer_loc)s
        )
        SELECT o.id,
               greatest(0, least(o.demand,
                   coalesce(h.qty, 0) - (o.cum - o.demand))) AS reserved
          FROM open o LEFT JOIN onhand h USING (pidx, widx)
        """,
    ),
    (
        "reserve open delivery moves",
        """
        UPDATE dist_gen_mv m
           SET qty = r.reserved,
               state = CASE WHEN r.reserved >= m.demand THEN 'assigned'
                            WHEN r.reserved > 0 THEN 'partially_available'
                            ELSE 'confirmed' END
          FROM dist_gen_reserve r
         WHERE r.id = m.id
        """,
    ),
    (
        "open delivery picking states",
        """
        UPDATE dist_gen_pick p
           SET state = CASE WHEN s.any_reserved THEN 'assigned' ELSE 'confirmed' END
          FROM (SELECT pick_id, bool_or(qty > 0) AS any_reserved
                  FROM dist_gen_mv WHERE state <> 'done' AND pick_id IS NOT NULL
                 GROUP BY pick_id) s
         WHERE s.pick_id = p.id AND p.state <> 'done' AND p.ptype = 'out'
        """,
    ),
    # ---- names from each warehouse's sequences ----------------------------
]
