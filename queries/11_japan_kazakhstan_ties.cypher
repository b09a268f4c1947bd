// Which Japanese institutions have ties to Kazakh institutions, of which kind, and how many?
// (A meeting ties its participants through its Event node, so it is not a direct tie here.)
MATCH (j)-[r]-(k)
WHERE j.country = 'JP' AND k.country = 'KZ'
RETURN j.name AS japanese_institution, type(r) AS relationship, k.name AS kazakh_institution, count(*) AS ties
ORDER BY japanese_institution, relationship, kazakh_institution;

// expect:
// japanese_institution,relationship,kazakh_institution,ties
// Embassy of Japan in Kazakhstan,PARTNERED_WITH,Ministry of Healthcare of the Republic of Kazakhstan,1
// Government of Japan,FUNDED,National Center for Traumatology and Orthopedics,1
// Government of Japan,FUNDED,Semey City Emergency Hospital,1
// Government of Japan,FUNDED,Semey State Medical University Hospital,1
// Government of Japan,FUNDED,Zhezbek Blood Center,1
// Government of Japan,ORGANIZED,Japan-Kazakhstan Medical Hub,1
// Government of Japan,PARTNERED_WITH,Government of the Republic of Kazakhstan,2
// Government of Japan,SUPPORTED,Government of the Republic of Kazakhstan,1
// Hiroshima University,PARTNERED_WITH,Semey State Medical University,1
// Japan International Cooperation Agency,EXCHANGED_WITH,Government of the Republic of Kazakhstan,1
// Japan International Cooperation Agency,PARTNERED_WITH,Japan-Kazakhstan Medical Hub,1
// Kochi University,PARTNERED_WITH,Semey State Medical University,1
// Medical Excellence JAPAN,REQUESTED_SUPPORT_FROM,Ministry of Healthcare of the Republic of Kazakhstan,2
// "Ministry of Health, Labour and Welfare",REQUESTED_SUPPORT_FROM,Ministry of Healthcare of the Republic of Kazakhstan,1
// Nagasaki University,PARTNERED_WITH,Semey State Medical University,1
// National Center for Global Health and Medicine Hospital,EXCHANGED_WITH,Asfendiyarov Kazakh National Medical University,1
// National Center for Global Health and Medicine Hospital,EXCHANGED_WITH,Astana Medical University,1
// National Center for Global Health and Medicine Hospital,EXCHANGED_WITH,Department of Public Health Policy of the Ministry of Healthcare of the Republic of Kazakhstan,1
// National Center for Global Health and Medicine Hospital,EXCHANGED_WITH,Embassy of the Republic of Kazakhstan in Japan,1
// National Center for Global Health and Medicine Hospital,EXCHANGED_WITH,Ministry of Healthcare of the Republic of Kazakhstan,1
// National Center for Global Health and Medicine Hospital,EXCHANGED_WITH,National Public Health Centre of the Ministry of Healthcare of the Republic of Kazakhstan,1
// National Center for Global Health and Medicine Hospital,EXCHANGED_WITH,Scientific Practical Center for Sanitary and Epidemiological Expertise and Monitoring,1
// Oita University,PARTNERED_WITH,Semey State Medical University,1
// Shimane University,PARTNERED_WITH,Semey State Medical University,1
// Young Leaders Program,EXCHANGED_WITH,Government of the Republic of Kazakhstan,1
// (25 rows)
