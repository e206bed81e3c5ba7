-- vacancyctl pathways --soc: the occupation with its live count and pay. $1: SOC 2020 code.
SELECT g.code AS soc, g.title, soc_live_now(g.code) AS live_now,
       round(soc_live_pay(g.code)::numeric) AS median_pay
FROM soc2020_groups g WHERE g.code = $1;
