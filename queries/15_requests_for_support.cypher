// Who asked whom for support, about what, through which channel, and was the request actually made?
MATCH (a)-[r:REQUESTED_SUPPORT_FROM]->(b)
RETURN a.name AS requester, b.name AS asked, left(toString(r.date), coalesce({year: 4, month: 7}[r.date_precision], 10)) AS date, r.topic AS topic, r.via AS via, r.status AS status
ORDER BY r.date, asked;

// expect:
// requester,asked,date,topic,via,status
// Ministry of Healthcare of the Republic of Kazakhstan,Medical Excellence JAPAN,2020,guidance on COVID-19 countermeasures from Japan,Embassy of the Republic of Kazakhstan in Japan,
// Ministry of Healthcare of the Republic of Kazakhstan,Medical Excellence JAPAN,2020-03-24,"dispatch of medical staff, medical equipment and supplies",,
// Ministry of Healthcare of the Republic of Kazakhstan,"Ministry of Health, Labour and Welfare",2020-03-24,"dispatch of medical staff, medical equipment and supplies",,suggested
// (3 rows)
