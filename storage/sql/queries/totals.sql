-- vacancyctl db status. Full counts: fine for an operator, not for a dashboard.
SELECT (SELECT count(*) FROM adverts), (SELECT count(*) FROM vacancies),
       (SELECT count(*) FROM clusters), (SELECT count(*) FROM vacancy_codes),
       (SELECT count(*) FROM pages), (SELECT count(*) FROM pages WHERE raw_z IS NOT NULL);
