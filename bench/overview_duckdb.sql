-- The brand overview's and the activation report's figures, computed from scratch by DuckDB over
-- the CSV export of `relais bench export-roi` (bench/overview.py loads one table per file, then
-- runs these statements). Each statement starts with `-- name: …`; parameters are $named.
-- Definitions: docs/ROI.md. Instants are epoch milliseconds, periods [from, to).

-- name: activity
-- A member's activity for the brand: a valid entry in one of its activations, or one of its
-- coupons used at a till (all history: dormancy looks back before the period).
CREATE OR REPLACE TEMP TABLE activity AS
SELECT member_id, created_at AS happened_at FROM activation_entries WHERE brand_id = $brand AND status = 'valid'
UNION ALL
SELECT member_id, redeemed_at FROM coupons WHERE brand_id = $brand AND status = 'redeemed' AND redeemed_at IS NOT NULL;

-- name: activity_dormancy
-- Each day a member was active with the member's previous active day (strictly before it) and
-- whether it ended a dormancy, in whole UTC days: no activity during the $dormant / $day days
-- before it, and a member for at least that long.
CREATE OR REPLACE TEMP TABLE activity_dormancy AS
SELECT a.member_id, a.active_day * $day AS happened_at,
       (a.previous IS NULL OR a.previous < a.active_day - $dormant // $day)
         AND mb.first_seen_at // $day <= a.active_day - $dormant // $day AS ends_dormancy
FROM (SELECT member_id, active_day,
             MAX(active_day) OVER (PARTITION BY member_id ORDER BY active_day RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous
      FROM (SELECT DISTINCT member_id, happened_at // $day AS active_day FROM activity)) a
JOIN member_brands mb ON mb.member_id = a.member_id AND mb.brand_id = $brand;

-- name: community
SELECT
  (SELECT COUNT(*) FROM member_brands mb JOIN members m ON m.id = mb.member_id
    WHERE mb.brand_id = $brand AND mb.first_seen_at < $as_of AND m.merged_into_id IS NULL
      AND (m.erased_at IS NULL OR m.erased_at >= $as_of)) AS members,
  (SELECT COUNT(*) FROM member_brands mb JOIN members m ON m.id = mb.member_id
    WHERE mb.brand_id = $brand AND mb.first_seen_at >= $from AND mb.first_seen_at < $to AND m.merged_into_id IS NULL) AS new_members,
  -- The 30 (90) whole days ending with the day of $as_of.
  (SELECT COUNT(DISTINCT member_id) FROM activity
    WHERE happened_at // $day >= ($as_of + $day - 1) // $day - 30 AND happened_at // $day < ($as_of + $day - 1) // $day) AS active_30,
  (SELECT COUNT(DISTINCT member_id) FROM activity
    WHERE happened_at // $day >= ($as_of + $day - 1) // $day - 90 AND happened_at // $day < ($as_of + $day - 1) // $day) AS active_90,
  (SELECT COUNT(DISTINCT member_id) FROM activity WHERE happened_at >= $from AND happened_at < $to) AS active_in_period,
  (SELECT COUNT(DISTINCT member_id) FROM activity_dormancy WHERE ends_dormancy AND happened_at >= $from AND happened_at < $to) AS reactivated,
  (SELECT COUNT(DISTINCT l.target_id) FROM audit_log l
    WHERE l.organisation_id = $organisation AND l.action = 'member.erased' AND l.at >= $from AND l.at < $to
      AND l.target_id IN (SELECT member_id FROM member_brands WHERE brand_id = $brand)) AS erasures,
  (SELECT CAST(COALESCE(SUM(-points), 0) AS BIGINT) FROM points_entries
    WHERE brand_id = $brand AND kind = 'spend' AND occurred_at >= $from AND occurred_at < $to) AS points_spent;

-- name: unsubscribes
-- A withdrawal of a marketing consent (not by an erasure) in the period, whose line was granted just
-- before, after which no marketing consent of the member for the brand is granted.
WITH ledger AS (
  SELECT r.*, p.is_marketing,
         LAG(r.status) OVER (PARTITION BY r.member_id, r.brand_id, r.purpose_id, r.channel ORDER BY r.id) AS before,
         LEAD(r.id) OVER (PARTITION BY r.member_id, r.brand_id, r.purpose_id, r.channel ORDER BY r.id) AS next_id
  FROM consent_records r JOIN consent_purposes p ON p.id = r.purpose_id
  WHERE r.brand_id = $brand),
withdrawals AS (
  SELECT * FROM ledger w
  WHERE w.is_marketing = 1 AND w.status = 'withdrawn' AND w.source_kind <> 'erasure' AND w.recorded_at >= $from AND w.recorded_at < $to
    AND w.before = 'granted')
SELECT COUNT(DISTINCT w.member_id) AS unsubscribes FROM withdrawals w
WHERE NOT EXISTS (SELECT 1 FROM ledger g WHERE g.member_id = w.member_id AND g.is_marketing = 1 AND g.status = 'granted'
                  AND g.id < w.id AND (g.next_id IS NULL OR g.next_id > w.id));

-- name: months
-- Per month of the chart (grid: one row per month, `month`, `starts`, `ends`): members at its end,
-- new members, active members, reactivated members.
SELECT g.month,
  (SELECT COUNT(*) FROM member_brands mb JOIN members m ON m.id = mb.member_id
    WHERE mb.brand_id = $brand AND mb.first_seen_at < g.ends AND m.merged_into_id IS NULL
      AND (m.erased_at IS NULL OR m.erased_at >= g.ends)) AS members,
  (SELECT COUNT(*) FROM member_brands mb JOIN members m ON m.id = mb.member_id
    WHERE mb.brand_id = $brand AND mb.first_seen_at >= g.starts AND mb.first_seen_at < g.ends AND m.merged_into_id IS NULL) AS new_members,
  (SELECT COUNT(DISTINCT member_id) FROM activity a WHERE a.happened_at >= g.starts AND a.happened_at < g.ends) AS active_members,
  (SELECT COUNT(DISTINCT member_id) FROM activity_dormancy d WHERE d.ends_dormancy AND d.happened_at >= g.starts AND d.happened_at < g.ends) AS reactivated
FROM grid g ORDER BY g.month;

-- name: cohorts
-- Members first seen in month i of the grid, active in month j >= i of the grid.
WITH joined AS (
  SELECT mb.member_id, g.month AS cohort FROM member_brands mb JOIN members m ON m.id = mb.member_id
  JOIN grid g ON mb.first_seen_at >= g.starts AND mb.first_seen_at < g.ends
  WHERE mb.brand_id = $brand AND m.merged_into_id IS NULL),
active AS (
  SELECT DISTINCT a.member_id, g.month FROM activity a JOIN grid g ON a.happened_at >= g.starts AND a.happened_at < g.ends)
SELECT j.cohort, a.month, COUNT(DISTINCT j.member_id) AS n
FROM joined j JOIN active a ON a.member_id = j.member_id AND a.month >= j.cohort
GROUP BY j.cohort, a.month ORDER BY j.cohort, a.month;

-- name: cohort_sizes
SELECT g.month AS cohort, COUNT(mb.member_id) AS size FROM grid g
LEFT JOIN (SELECT mb.* FROM member_brands mb JOIN members m ON m.id = mb.member_id WHERE mb.brand_id = $brand AND m.merged_into_id IS NULL) mb
  ON mb.first_seen_at >= g.starts AND mb.first_seen_at < g.ends
GROUP BY g.month ORDER BY g.month;

-- name: reports
-- The outcomes of the activations listed in `chosen` (one column, `id`).
WITH acts AS (SELECT a.* FROM activations a JOIN chosen c ON c.id = a.id),
firsts AS (
  SELECT e.activation_id, e.member_id, MIN(e.created_at) AS first_at,
         SUM(CASE WHEN e.status = 'valid' THEN 1 ELSE 0 END) > 0 AS participant
  FROM activation_entries e JOIN acts a ON a.id = e.activation_id AND a.brand_id = e.brand_id
  GROUP BY e.activation_id, e.member_id),
participants AS (
  SELECT f.activation_id, f.member_id, f.first_at, mb.first_seen_at,
         COALESCE(mb.first_seen_at < f.first_at, FALSE) AS known
  FROM firsts f LEFT JOIN member_brands mb ON mb.member_id = f.member_id AND mb.brand_id = $brand
  WHERE f.participant),
counts AS (
  SELECT activation_id, COUNT(*) AS participants, SUM(CASE WHEN known THEN 1 ELSE 0 END) AS known_members
  FROM participants GROUP BY activation_id),
first_valid AS (
  SELECT e.activation_id, e.member_id, MIN(e.created_at) AS first_at
  FROM activation_entries e JOIN acts a ON a.id = e.activation_id AND a.brand_id = e.brand_id
  WHERE e.status = 'valid' GROUP BY e.activation_id, e.member_id),
reactivated AS (
  SELECT f.activation_id, COUNT(*) AS reactivated
  FROM first_valid f JOIN member_brands mb ON mb.member_id = f.member_id AND mb.brand_id = $brand
  ASOF LEFT JOIN activity p ON p.member_id = f.member_id AND p.happened_at < (f.first_at // $day) * $day
  WHERE mb.first_seen_at // $day <= f.first_at // $day - $dormant // $day
    AND (p.happened_at IS NULL OR p.happened_at // $day < f.first_at // $day - $dormant // $day)
  GROUP BY f.activation_id),
valid_members AS (
  SELECT DISTINCT e.activation_id, e.member_id FROM activation_entries e JOIN acts a ON a.id = e.activation_id WHERE e.status = 'valid'),
ledger AS (
  SELECT r.*, LAG(r.status) OVER (PARTITION BY r.member_id, r.brand_id, r.purpose_id, r.channel ORDER BY r.id) AS before
  FROM consent_records r WHERE r.brand_id = $brand),
opt_ins AS (
  SELECT a.id AS activation_id, COUNT(DISTINCT (r.member_id, r.purpose_id, r.channel)) AS opt_ins
  FROM ledger r JOIN acts a ON r.source_kind = 'form' AND r.source_label = 'activation ' || a.slug
  JOIN valid_members v ON v.activation_id = a.id AND v.member_id = r.member_id
  WHERE (r.status = 'granted' OR (r.status = 'pending' AND EXISTS (
           SELECT 1 FROM consent_records c WHERE c.source_kind = 'double_opt_in' AND c.source_id = r.id AND c.member_id = r.member_id AND c.status = 'granted')))
    AND (r.before IS NULL OR r.before <> 'granted')
  GROUP BY a.id),
links AS (
  SELECT l.activation_id, COUNT(*) AS share_links FROM share_links l JOIN acts a ON a.id = l.activation_id AND a.brand_id = l.brand_id GROUP BY l.activation_id),
clicks AS (
  SELECT l.activation_id, COUNT(*) AS share_clicks FROM share_clicks k JOIN share_links l ON l.id = k.link_id JOIN acts a ON a.id = l.activation_id
  WHERE k.counted = 1 AND k.bot = 0 GROUP BY l.activation_id),
visits AS (
  SELECT l.activation_id, COUNT(*) AS share_visits, COUNT(DISTINCT v.visitor_hash) AS unique_visitors
  FROM share_visits v JOIN share_links l ON l.id = v.link_id JOIN acts a ON a.id = l.activation_id GROUP BY l.activation_id),
signups AS (
  SELECT t.activation_id, COUNT(DISTINCT t.member_id) AS share_signups
  FROM share_attributions t JOIN activation_entries e ON e.id = t.entry_id JOIN acts a ON a.id = t.activation_id
  WHERE t.kind = 'signup' AND t.self_referral = 0 AND e.status = 'valid' GROUP BY t.activation_id),
coupon_counts AS (
  SELECT c.activation_id, COUNT(*) AS coupons_issued,
         SUM(CASE WHEN c.status = 'redeemed' THEN 1 ELSE 0 END) AS store_visits,
         SUM(CASE WHEN c.status = 'redeemed' AND c.redeemed_amount_cents IS NOT NULL THEN 1 ELSE 0 END) AS store_visits_with_amount,
         CAST(SUM(CASE WHEN c.status = 'redeemed' THEN COALESCE(c.redeemed_amount_cents, 0) ELSE 0 END) AS BIGINT) AS revenue_cents
  FROM coupons c JOIN acts a ON a.id = c.activation_id AND a.brand_id = c.brand_id
  LEFT JOIN activation_entries e ON e.id = c.activation_entry_id
  WHERE e.status IS NULL OR e.status <> 'invalidated' GROUP BY c.activation_id),
points_given AS (
  SELECT a.id AS activation_id, CAST(SUM(p.points) AS BIGINT) AS points_given
  FROM points_entries p JOIN acts a ON p.activation_ref = CAST(a.id AS VARCHAR)
  WHERE p.brand_id = $brand AND p.kind = 'earn' GROUP BY a.id),
points_redeemed AS (
  SELECT c.activation_id, CAST(SUM(-p.points) AS BIGINT) AS points_redeemed
  FROM coupons c JOIN points_entries p ON p.id = c.points_entry_id JOIN acts a ON a.id = c.activation_id AND a.brand_id = c.brand_id
  WHERE p.kind = 'spend' GROUP BY c.activation_id)
SELECT a.id AS activation_id,
  COALESCE(n.participants, 0) AS participants, COALESCE(n.known_members, 0) AS known_members,
  COALESCE(n.participants, 0) - COALESCE(n.known_members, 0) AS new_members,
  COALESCE(o.opt_ins, 0) AS opt_ins_total, COALESCE(l.share_links, 0) AS share_links, COALESCE(k.share_clicks, 0) AS share_clicks,
  COALESCE(v.share_visits, 0) AS share_visits, COALESCE(v.unique_visitors, 0) AS unique_visitors, COALESCE(s.share_signups, 0) AS share_signups,
  COALESCE(c.coupons_issued, 0) AS coupons_issued, COALESCE(c.store_visits, 0) AS store_visits,
  COALESCE(c.store_visits_with_amount, 0) AS store_visits_with_amount, COALESCE(c.revenue_cents, 0) AS revenue_cents,
  COALESCE(g.points_given, 0) AS points_given, COALESCE(pr.points_redeemed, 0) AS points_redeemed,
  COALESCE(ra.reactivated, 0) AS reactivated
FROM acts a
LEFT JOIN counts n ON n.activation_id = a.id LEFT JOIN opt_ins o ON o.activation_id = a.id LEFT JOIN links l ON l.activation_id = a.id
LEFT JOIN clicks k ON k.activation_id = a.id LEFT JOIN visits v ON v.activation_id = a.id LEFT JOIN signups s ON s.activation_id = a.id
LEFT JOIN coupon_counts c ON c.activation_id = a.id LEFT JOIN points_given g ON g.activation_id = a.id
LEFT JOIN points_redeemed pr ON pr.activation_id = a.id LEFT JOIN reactivated ra ON ra.activation_id = a.id
ORDER BY a.opens_at, a.id;
