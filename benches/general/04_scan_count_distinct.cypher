// How many ministries, in how many countries, founded in how many distinct years.
MATCH (m:Ministry)
RETURN count(*) AS ministries, count(DISTINCT m.country) AS countries,
       count(DISTINCT m.founded) AS years
