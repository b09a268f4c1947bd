// Which ties are not (yet) realised: proposed, planned, under discussion or consideration, in formation?
MATCH (a)-[r]->(b)
WHERE r.status IS NOT NULL
RETURN r.status AS status, a.name AS from_institution, type(r) AS relationship, b.name AS to_institution, r.topic AS topic
ORDER BY status, from_institution, to_institution, relationship;

// expect:
// status,from_institution,relationship,to_institution,topic
// in formation,Medical Excellence JAPAN,SUPPORTED,Japan-Russia Advanced Medical Center (tentative name),construction and operation support for a Japanese-style medical centre
// in formation,Medical Excellence JAPAN,SUPPORTED,Japan-UAE Advanced Medical Research Center (tentative name),construction and operation support for a Japanese-style medical centre
// planned,Japan-Kazakhstan Medical Hub,PARTNERED_WITH,Japan International Cooperation Agency,JICA educational programs in the hub
// proposed,Government of Japan,ORGANIZED,Healthcare and Medical Strategy Fund (tentative name),creation of a healthcare strategy fund
// proposed,Government of the Republic of Kazakhstan,PARTNERED_WITH,Government of Japan,"deeper cooperation: medical tourism, rehabilitation, transplantation, digital health, AI and telemedicine"
// started,Medical Excellence JAPAN,SUPPORTED,Hokuto Imaging Diagnostic Center,construction and operation support for a Japanese-style medical centre
// suggested,Ministry of Healthcare of the Republic of Kazakhstan,REQUESTED_SUPPORT_FROM,"Ministry of Health, Labour and Welfare","dispatch of medical staff, medical equipment and supplies"
// under consideration,Medical Excellence JAPAN,SUPPORTED,Cambodia Emergency and Critical Care Center and Graduate School,construction and operation support for a Japanese-style medical centre
// under consideration,Medical Excellence JAPAN,SUPPORTED,Japan-Qatar Regenerative Medicine and Cell Sheet Center,construction and operation support for a Japanese-style medical centre
// under discussion,Government of Japan,ORGANIZED,Japan-Kazakhstan Medical Hub,establishment of the Japan-Kazakhstan Medical Hub
// under discussion,Government of the Republic of Kazakhstan,ORGANIZED,Japan-Kazakhstan Medical Hub,establishment of the Japan-Kazakhstan Medical Hub
// (11 rows)
