// Which institutions organised online meetings, how many, on how many distinct dates, and
// how many institutions took part in them?
MATCH (o)-[:ORGANIZED]->(e:Event)
WHERE e.mode = 'online'
OPTIONAL MATCH (p)-[:PARTICIPATED_IN]->(e)
RETURN o.name AS organiser, count(DISTINCT e) AS meetings, count(DISTINCT e.date) AS dates, count(DISTINCT p) AS participants
ORDER BY participants DESC, organiser;

// expect:
// organiser,meetings,dates,participants
// Unnamed Japan-China medical exchange center,9,6,14
// Medical Excellence JAPAN,2,2,12
// Global MediXchange for Fighting COVID-19,1,1,3
// Japan Medical Internationalization Organization,1,1,3
// Oncology Branch of Anhui Medical Association,1,1,2
// (5 rows)
