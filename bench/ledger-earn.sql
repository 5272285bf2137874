-- pgbench: the statements of one points earn, as PointsLedger.post runs them (see bench/ledger.py).
\set member random(:first, :last)
\set key random(1, 2000000000)
BEGIN;
INSERT INTO points_accounts (brand_id, member_id, organisation_id, updated_at) VALUES (:brand, :member, :org, 0) ON CONFLICT (brand_id, member_id) DO NOTHING;
UPDATE points_accounts SET updated_at = 1 WHERE brand_id = :brand AND member_id = :member RETURNING balance, earned, spent, expired;
SELECT * FROM points_entries WHERE brand_id = :brand AND idempotency_key = 'pgbench-' || :client_id || '-' || :key;
SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS total FROM points_entries WHERE brand_id = :brand AND member_id = :member AND expires_at <= 1 AND points > 0;
INSERT INTO points_entries (organisation_id, brand_id, member_id, kind, points, balance_after, reason, source, source_ref, idempotency_key, expires_at, rule_id, activation_ref, event_at, recorded_by, occurred_at)
  SELECT :org, :brand, :member, 'earn', 10, balance + 10, 'bench', 'api', NULL, 'pgbench-' || :client_id || '-' || :key, 4102444800000, NULL, NULL, NULL, 'bench', 1
  FROM points_accounts WHERE brand_id = :brand AND member_id = :member RETURNING id;
UPDATE points_accounts SET balance = balance + 10, earned = earned + 10, last_entry_id = last_entry_id, updated_at = 1 WHERE brand_id = :brand AND member_id = :member;
END;
