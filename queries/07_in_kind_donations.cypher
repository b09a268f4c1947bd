// Who gave in-kind donations (masks, supplies), to whom and when?
MATCH (d)-[r:FUNDED]->(x)
WHERE r.topic CONTAINS 'in-kind'
RETURN d.name AS donor, x.name AS recipient, left(toString(r.date), coalesce({year: 4, month: 7}[r.date_precision], 10)) AS date, r.topic AS topic
ORDER BY r.date, donor;

// expect:
// donor,recipient,date,topic
// Unnamed Japan-China medical exchange center,Embassy of the People's Republic of China in Japan,2020-02,medical N95 masks (in-kind donation for China)
// Chinese friendly institutions (unnamed),Unnamed Japan-China medical exchange center,2020-05,medical masks (in-kind donation for Japan)
// Unnamed Japan-China medical exchange center,Japanese medical and care facilities (unnamed),2020-05,"medical masks (in-kind, passed on from China)"
// (3 rows)
