MATCH (m:Institution {kind: 'Ministry'})
RETURN count(*) AS ministries, count(DISTINCT m.country) AS countries,
       count(DISTINCT m.founded) AS years
