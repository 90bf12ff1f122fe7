"""Staging the sales side: demand, orders, deliveries, backorders, returns.

Each entry is (label, statement); statements build TEMP tables dist_gen_*
that later entries and the inserts read. Parameters: %(start)s (first day
of history), %(days)s (today's offset), %(mult)s, %(customer_loc)s,
%(so_next)s.
"""

SALES = [
    (
        "demand lines",
        """
        CREATE TEMP TABLE dist_gen_line AS
        WITH pn AS (
            SELECT p.*, pr.pattern, pr.season, pr.base_qty, pr.cv,
                   greatest(1, round(p.rate * %(mult)s
                       * (0.75 + 0.5 * pg_temp.dist_u(p.pair_id, 0, 0, 1))))::int
                       AS n_lines
              FROM dist_gen_pair p
              JOIN dist_gen_product pr USING (pidx)
        ), raw AS (
            SELECT pn.pair_id, pn.pidx, pn.widx, g.n AS line_no, pn.pattern,
                   pn.base_qty, pn.cv,
                   pn.new_since + floor(pg_temp.dist_u(pn.pair_id, g.n, 0, 2)
                       * (%(days)s + 1 - pn.new_since))::int AS uniform_day,
                   CASE WHEN pn.season IS NOT NULL
                         AND pg_temp.dist_u(pn.pair_id, g.n, 0, 3) < 0.8
                   THEN (make_date(extract(year FROM %(start)s::date)::int
                            + floor(pg_temp.dist_u(pn.pair_id, g.n, 0, 4) * 3)::int,
                            1, 1)
                         + (CASE pn.season WHEN 'summer' THEN 160 ELSE 15 END)
                         + round(60 * (pg_temp.dist_u(pn.pair_id, g.n, 0, 5)
                                     + pg_temp.dist_u(pn.pair_id, g.n, 0, 6)
                                     - 1))::int
                         - %(start)s::date)
                   END AS season_day,
                   pg_temp.dist_z(pg_temp.dist_u(pn.pair_id, g.n, 0, 7),
                                  pg_temp.dist_u(pn.pair_id, g.n, 0, 8)) AS z,
                   pg_temp.dist_u(pn.pair_id, g.n, 0, 9) AS u_kind
              FROM pn
              CROSS JOIN LATERAL generate_series(1, pn.n_lines) AS g(n)
        ), dated AS (
            SELECT raw.*,
                   CASE WHEN season_day BETWEEN 0 AND %(days)s THEN season_day
                        ELSE uniform_day END AS d0
              FROM raw
        ), weekday AS (
            SELECT dated.*,
                   extract(isodow FROM %(start)s::date + d0)::int AS dow
              FROM dated
        )
        SELECT pair_id, pidx, widx, line_no,
               CASE WHEN dow = 6 AND d0 + 2 <= %(days)s THEN d0 + 2
                    WHEN dow = 6 THEN d0 - 1
                    WHEN dow = 7 AND d0 + 1 <= %(days)s THEN d0 + 1
                    WHEN dow = 7 THEN d0 - 2
                    ELSE d0 END AS day,
               greatest(1, round(CASE
                   WHEN pattern IN ('erratic', 'lumpy', 'new') THEN
                       base_qty * exp(sqrt(ln(1 + cv * cv)) * z
                                      - ln(1 + cv * cv) / 2)
                   ELSE base_qty * (1 + cv * z) END))::numeric AS qty,
               CASE WHEN d0 >= %(days)s - 30 AND u_kind < 0.06 THEN 'quote'
                    ELSE 'sale' END AS kind
          FROM weekday
        """,
    ),
    (
        "order buckets",
        """
        CREATE TEMP TABLE dist_gen_lineb AS
        WITH whday AS (
            SELECT l.widx, l.day, l.kind,
                   greatest(1, ceil(count(*) / w.lpo))::int AS n_orders
              FROM dist_gen_line l JOIN dist_gen_wh w USING (widx)
             GROUP BY l.widx, l.day, l.kind, w.lpo
        )
        SELECT l.*,
               floor(pg_temp.dist_u(l.pair_id, l.line_no, 0, 10)
                     * wd.n_orders)::int AS bucket
          FROM dist_gen_line l
          JOIN whday wd USING (widx, day, kind)
        """,
    ),
    (
        "orders",
        """
        CREATE TEMP TABLE dist_gen_order AS
        WITH bucketed AS (
            SELECT DISTINCT widx, day, kind, bucket FROM dist_gen_lineb
        ), drawn AS (
            SELECT b.*, w.company_id, w.id AS warehouse_id,
                   pg_temp.dist_u(b.widx, b.day, b.bucket,
                                  CASE b.kind WHEN 'sale' THEN 11 ELSE 12 END) AS u_c,
                   pg_temp.dist_u(b.widx, b.day, b.bucket, 13) AS u_time,
                   pg_temp.dist_u(b.widx, b.day, b.bucket, 14) AS u_open,
                   pg_temp.dist_u(b.widx, b.day, b.bucket, 15) AS u_late,
                   pg_temp.dist_u(b.widx, b.day, b.bucket, 16) AS u_delay
              FROM bucketed b JOIN dist_gen_wh w USING (widx)
        ), customer AS (
            SELECT d.*, c.partner_id, c.team_id, c.promise_days, c.price_factor,
                   c.return_rate
              FROM drawn d
              JOIN dist_gen_ccount cc ON cc.company_id = d.company_id
              JOIN dist_gen_cslot s ON s.company_id = d.company_id
                   AND s.slot = floor(d.u_c * cc.n_slots)::int
              JOIN dist_gen_customer c ON c.company_id = d.company_id
                   AND c.cidx = s.cidx
        ), timed AS (
            SELECT customer.*,
                   (%(start)s::date + day)::timestamp
                       + interval '7 hours' + u_time * interval '10 hours'
                       AS order_dt,
                   day + promise_days AS promise_day,
                   greatest(day, day + promise_days + CASE
                       WHEN u_late < 0.07 THEN 1 + floor(u_delay * 6)::int
                       WHEN u_late < 0.25 THEN -1
                       ELSE 0 END) AS ship_day
              FROM customer
        )
        SELECT nextval('sale_order_id_seq')::int AS id, t.*,
               CASE
                   WHEN kind = 'quote' THEN 'quote'
                   WHEN ship_day > %(days)s THEN 'open'
                   WHEN day >= %(days)s - 14 AND u_open < 0.05 THEN 'open'
                   ELSE 'done' END AS status
          FROM timed t
         ORDER BY order_dt, widx, bucket, kind
        """,
    ),
    ("orders index", "CREATE UNIQUE INDEX ON dist_gen_order (widx, day, kind, bucket)"),
    (
        "order names and groups",
        """
        CREATE TEMP TABLE dist_gen_order2 AS
        SELECT o.*,
               %(so_prefix)s || pg_temp.dist_seq(%(so_next)s - 1 + row_number()
                   OVER (ORDER BY o.order_dt, o.id), %(so_pad)s) AS name,
               CASE WHEN o.kind = 'sale'
                    THEN nextval('procurement_group_id_seq')::int END AS group_id,
               (%(start)s::date + o.promise_day)::timestamp
                   + (o.order_dt - o.order_dt::date) AS promise_dt,
               (%(start)s::date + o.ship_day)::timestamp + interval '10 hours'
                   + pg_temp.dist_u(o.widx, o.day, o.bucket, 17) * interval '6 hours'
                   AS ship_dt
          FROM dist_gen_order o
         ORDER BY o.id
        """,
    ),
    (
        "orders2 index",
        "CREATE UNIQUE INDEX ON dist_gen_order2 (widx, day, kind, bucket)",
    ),
    (
        "sale order lines",
        """
        CREATE TEMP TABLE dist_gen_sol AS
        SELECT nextval('sale_order_line_id_seq')::int AS id, o.id AS order_id,
               l.pair_id, l.line_no, l.pidx, l.widx, l.qty,
               round(pr.price * o.price_factor, 2) AS price,
               (10 * row_number() OVER (PARTITION BY o.id
                                        ORDER BY l.pidx, l.line_no))::int AS seq,
               CASE WHEN o.status = 'done' AND l.qty >= 2
                     AND pg_temp.dist_u(l.pair_id, l.line_no, 0, 18) < 0.03
                    THEN greatest(1, floor(l.qty * (0.35 + 0.5
                         * pg_temp.dist_u(l.pair_id, l.line_no, 0, 19))))::numeric
                    END AS first_qty
          FROM dist_gen_lineb l
          JOIN dist_gen_order2 o USING (widx, day, kind, bucket)
          JOIN dist_gen_product pr USING (pidx)
         ORDER BY o.id, l.pidx, l.line_no
        """,
    ),
    # ---- pickings: deliveries, their backorders, returns, receipts -------
    (
        "delivery pickings",
        """
        CREATE TEMP TABLE dist_gen_pick AS
        SELECT nextval('stock_picking_id_seq')::int AS id, o.widx,
               'out'::text AS ptype, 'sale'::text AS kind,
               o.order_dt AS sort_dt,
               CASE WHEN o.status = 'done' THEN 'done' ELSE 'confirmed' END AS state,
               o.partner_id, o.name AS origin,
               o.promise_dt AS scheduled,
               CASE WHEN o.status = 'done' THEN o.ship_dt END AS done_dt,
               o.group_id, o.id AS sale_id, NULL::int AS po_id,
               NULL::int AS backorder_of, NULL::int AS return_of,
               o.id AS src_order, NULL::int AS src_move
          FROM dist_gen_order2 o
         WHERE o.kind = 'sale'
         ORDER BY o.id
        """,
    ),
    (
        "backorder pickings",
        """
        INSERT INTO dist_gen_pick
        SELECT nextval('stock_picking_id_seq')::int, o.widx, 'out', 'bo',
               o.ship_dt, CASE WHEN bo.bo_day <= %(days)s THEN 'done'
                               ELSE 'confirmed' END,
               o.partner_id, o.name, o.ship_dt,
               CASE WHEN bo.bo_day <= %(days)s THEN
                   (%(start)s::date + bo.bo_day)::timestamp + interval '11 hours'
               END,
               o.group_id, o.id, NULL, p.id, NULL, o.id, NULL
          FROM (SELECT order_id FROM dist_gen_sol WHERE first_qty IS NOT NULL
                GROUP BY order_id) s
          JOIN dist_gen_order2 o ON o.id = s.order_id
          JOIN dist_gen_pick p ON p.src_order = o.id AND p.kind = 'sale'
          CROSS JOIN LATERAL (
              SELECT o.ship_day + 2 + floor(
                         pg_temp.dist_u(o.widx, o.day, o.bucket, 20) * 8
                     )::int AS bo_day
          ) bo
         ORDER BY o.id
        """,
    ),
    ("pick index", "CREATE INDEX ON dist_gen_pick (src_order, kind)"),
    (
        "delivery moves",
        """
        CREATE TEMP TABLE dist_gen_mv AS
        SELECT nextval('stock_move_id_seq')::int AS id, p.id AS pick_id,
               p.kind, s.pidx, s.widx,
               (CASE WHEN p.kind = 'bo' THEN s.qty - s.first_qty
                     ELSE coalesce(s.first_qty, s.qty) END)::numeric AS demand,
               (CASE WHEN p.state = 'done' THEN
                   CASE WHEN p.kind = 'bo' THEN s.qty - s.first_qty
                        ELSE coalesce(s.first_qty, s.qty) END
                   ELSE 0 END)::numeric AS qty,
               p.state, coalesce(p.done_dt, p.scheduled) AS date,
               p.scheduled AS deadline, s.id AS sale_line_id,
               NULL::int AS purchase_line_id, NULL::int AS orig_move_id,
               p.group_id, p.partner_id, NULL::float8 AS price_unit,
               p.origin, w.stock_loc AS loc_src,
               %(customer_loc)s::int AS loc_dst, w.out_type AS picking_type_id,
               w.out_rule AS rule_id, false AS to_refund, false AS is_inventory,
               w.company_id
          FROM dist_gen_pick p
          JOIN dist_gen_sol s ON s.order_id = p.src_order
               AND (p.kind = 'sale' OR s.first_qty IS NOT NULL)
          JOIN dist_gen_wh w ON w.widx = p.widx
         WHERE p.ptype = 'out'
         ORDER BY p.id, s.seq
        """,
    ),
    (
        "returns",
        """
        CREATE TEMP TABLE dist_gen_ret AS
        SELECT m.id AS orig_move_id, m.pick_id AS orig_pick_id, m.pidx, m.widx,
               m.sale_line_id, m.group_id, m.partner_id, m.company_id,
               greatest(1, floor(m.qty * (0.2 + 0.8
                   * pg_temp.dist_u(s.pair_id, s.line_no, k.part, 22))))::numeric
                   AS qty,
               m.date::date + 3
                   + floor(pg_temp.dist_u(s.pair_id, s.line_no, k.part, 23) * 25)::int
                   AS ret_date
          FROM dist_gen_mv m
          JOIN dist_gen_sol s ON s.id = m.sale_line_id
          JOIN dist_gen_order2 o ON o.group_id = m.group_id
          CROSS JOIN LATERAL (
              SELECT CASE m.kind WHEN 'bo' THEN 1 ELSE 0 END AS part
          ) k
         WHERE m.state = 'done'
           AND pg_temp.dist_u(s.pair_id, s.line_no, k.part, 21) < o.return_rate
        """,
    ),
    (
        "return pickings",
        """
        INSERT INTO dist_gen_pick
        SELECT nextval('stock_picking_id_seq')::int, r.widx, 'in', 'ret',
               r.ret_date + interval '14 hours', 'done', r.partner_id,
               NULL, r.ret_date + interval '14 hours',
               r.ret_date + interval '14 hours', r.group_id, o.id, NULL, NULL,
               r.orig_pick_id, NULL, r.orig_move_id
          FROM dist_gen_ret r
          JOIN dist_gen_order2 o ON o.group_id = r.group_id
         WHERE r.ret_date <= %(today)s::date
         ORDER BY r.orig_move_id
        """,
    ),
    (
        "return moves",
        """
        INSERT INTO dist_gen_mv
        SELECT nextval('stock_move_id_seq')::int, p.id, 'ret', r.pidx, r.widx,
               r.qty, r.qty, 'done', p.done_dt, NULL, r.sale_line_id, NULL,
               r.orig_move_id, r.group_id, r.partner_id, NULL, NULL,
               %(customer_loc)s::int, w.stock_loc, w.in_type, w.out_rule, true,
               false, w.company_id
          FROM dist_gen_pick p
          JOIN dist_gen_ret r ON r.orig_move_id = p.src_move
          JOIN dist_gen_wh w ON w.widx = p.widx
         WHERE p.kind = 'ret'
         ORDER BY p.id
        """,
    ),
]
