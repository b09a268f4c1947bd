// Each ministry's role in the 2013 policy paper on the international expansion of Japanese medicine (003): with whom, how, on what.
MATCH (m:Ministry)-[r]-(o)
WHERE '003_0415be46e695177d.txt' IN r.source AND r.topic IS NOT NULL
RETURN m.name AS ministry, type(r) AS relationship, o.name AS counterpart, r.topic AS role
ORDER BY ministry, relationship, counterpart, role;

// expect:
// ministry,relationship,counterpart,role
// "Ministry of Economy, Trade and Industry",PARTNERED_WITH,Japan International Cooperation Agency,coordination with projects of MEJ and JICA
// "Ministry of Economy, Trade and Industry",PARTNERED_WITH,Medical Excellence JAPAN,coordination with projects of MEJ and JICA
// "Ministry of Economy, Trade and Industry",PARTNERED_WITH,Medical Excellence JAPAN,inbound: environment for accepting foreign patients and promotion
// "Ministry of Economy, Trade and Industry",PARTNERED_WITH,"Office of Healthcare Policy, Cabinet Secretariat",concrete support for outbound projects
// "Ministry of Economy, Trade and Industry",SUPPORTED,Medical Excellence JAPAN,flexible use of MEJ trademarks for promotion
// "Ministry of Education, Culture, Sports, Science and Technology",PARTNERED_WITH,Japan International Cooperation Agency,coordination with JICA projects
// "Ministry of Education, Culture, Sports, Science and Technology",PARTNERED_WITH,Medical Excellence JAPAN,network following up foreign medical professionals educated in Japan / human resource development
// Ministry of Foreign Affairs of Japan,PARTNERED_WITH,Medical Excellence JAPAN,contact point for the international expansion of Japanese medicine
// Ministry of Foreign Affairs of Japan,PARTNERED_WITH,Medical Excellence JAPAN,coordinating ODA projects (JICA) with projects of ministries and MEJ
// Ministry of Foreign Affairs of Japan,PARTNERED_WITH,"Ministry of Health, Labour and Welfare",support for building health insurance systems and health workforce in partner countries
// Ministry of Foreign Affairs of Japan,SUPPORTED,"Office of Healthcare Policy, Cabinet Secretariat",information for assessing health needs through diplomatic missions
// "Ministry of Health, Labour and Welfare",PARTNERED_WITH,Ministry of Foreign Affairs of Japan,support for building health insurance systems and health workforce in partner countries
// "Ministry of Health, Labour and Welfare",SUPPORTED,Japan Medical Service Accreditation for International Patients,promotion of the JMIP accreditation
// Ministry of Internal Affairs and Communications,PARTNERED_WITH,Japan International Cooperation Agency,coordination with JICA projects
// (14 rows)
