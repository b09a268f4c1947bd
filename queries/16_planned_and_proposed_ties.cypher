// Which ties are not (or not yet) realised, or not stated outright: drafted, proposed, planned,
// under discussion, suggested, or inferred from the document's context?
MATCH (a)-[r]->(b)
WHERE r.status IS NOT NULL
RETURN r.status AS status, a.name AS from_institution, type(r) AS relationship, b.name AS to_institution, r.topic AS topic
ORDER BY status, from_institution, to_institution, relationship;

// expect:
// status,from_institution,relationship,to_institution,topic
// draft,Medical Excellence JAPAN,PARTNERED_WITH,Ministry of Foreign Affairs of Japan,contact point for the international expansion of Japanese medicine
// draft,Medical Excellence JAPAN,SUPPORTED,"Office of Healthcare Policy, Cabinet Secretariat",hub for private-sector projects / information for the overall picture
// draft,Medical International Expansion Task Force,PARTNERED_WITH,Medical Excellence JAPAN,"information sharing, feasibility studies and coordination of government involvement"
// draft,Medical International Expansion Task Force,PARTNERED_WITH,Ministerial Meeting on Strategy relating Infrastructure Export and Economic Cooperation,infrastructure development
// draft,"Ministry of Economy, Trade and Industry",PARTNERED_WITH,Japan International Cooperation Agency,coordination with projects of MEJ and JICA
// draft,"Ministry of Economy, Trade and Industry",PARTNERED_WITH,Medical Excellence JAPAN,coordination with projects of MEJ and JICA
// draft,"Ministry of Economy, Trade and Industry",PARTNERED_WITH,Medical Excellence JAPAN,inbound: environment for accepting foreign patients and promotion
// draft,"Ministry of Economy, Trade and Industry",SUPPORTED,Medical Excellence JAPAN,flexible use of MEJ trademarks for promotion
// draft,"Ministry of Economy, Trade and Industry",PARTNERED_WITH,"Office of Healthcare Policy, Cabinet Secretariat",concrete support for outbound projects
// draft,"Ministry of Education, Culture, Sports, Science and Technology",PARTNERED_WITH,Japan International Cooperation Agency,coordination with JICA projects
// draft,"Ministry of Education, Culture, Sports, Science and Technology",PARTNERED_WITH,Medical Excellence JAPAN,network following up foreign medical professionals educated in Japan / human resource development
// draft,Ministry of Foreign Affairs of Japan,PARTNERED_WITH,Medical Excellence JAPAN,coordinating ODA projects (JICA) with projects of ministries and MEJ
// draft,"Ministry of Health, Labour and Welfare",SUPPORTED,Japan Medical Service Accreditation for International Patients,promotion of the JMIP accreditation
// draft,"Ministry of Health, Labour and Welfare",PARTNERED_WITH,Ministry of Foreign Affairs of Japan,support for building health insurance systems and health workforce in partner countries
// draft,Ministry of Internal Affairs and Communications,PARTNERED_WITH,Japan International Cooperation Agency,coordination with JICA projects
// draft,"Office of Healthcare Policy, Cabinet Secretariat",PARTNERED_WITH,Medical Excellence JAPAN,government contact point / central information and portfolio of the international expansion
// draft,"Office of Healthcare Policy, Cabinet Secretariat",ORGANIZED,Medical International Expansion Task Force,coordinator of the task force / PDCA reports to the Prime Minister and Chief Cabinet Secretary
// draft,"Office of Healthcare Policy, Cabinet Secretariat",SUPPORTED,Ministry of Foreign Affairs of Japan,information for assessing health needs through diplomatic missions
// inferred,Medical Excellence JAPAN,SUPPORTED,Cambodia Emergency and Critical Care Center and Graduate School,construction and operation support for a Japanese-style medical centre
// inferred,Medical Excellence JAPAN,SUPPORTED,Hokuto Imaging Diagnostic Center,construction and operation support for a Japanese-style medical centre
// inferred,Medical Excellence JAPAN,SUPPORTED,Japan-Qatar Regenerative Medicine and Cell Sheet Center,construction and operation support for a Japanese-style medical centre
// inferred,Medical Excellence JAPAN,SUPPORTED,Japan-Russia Advanced Medical Center (tentative name),construction and operation support for a Japanese-style medical centre
// inferred,Medical Excellence JAPAN,SUPPORTED,Japan-UAE Advanced Medical Research Center (tentative name),construction and operation support for a Japanese-style medical centre
// planned,Japan-Kazakhstan Medical Hub,PARTNERED_WITH,Japan International Cooperation Agency,JICA educational programs in the hub
// planned,Medical International Expansion Task Force,SUPPORTED,Medical Excellence JAPAN,making MEJ the core organisation of the international expansion of Japanese medicine
// proposed,Government of Japan,ORGANIZED,Healthcare and Medical Strategy Fund (tentative name),creation of a healthcare strategy fund
// proposed,Government of the Republic of Kazakhstan,PARTNERED_WITH,Government of Japan,"deeper cooperation: medical tourism, rehabilitation, transplantation, digital health, AI and telemedicine"
// suggested,Ministry of Healthcare of the Republic of Kazakhstan,REQUESTED_SUPPORT_FROM,"Ministry of Health, Labour and Welfare","dispatch of medical staff, medical equipment and supplies"
// under discussion,Government of Japan,ORGANIZED,Japan-Kazakhstan Medical Hub,establishment of the Japan-Kazakhstan Medical Hub
// under discussion,Government of the Republic of Kazakhstan,ORGANIZED,Japan-Kazakhstan Medical Hub,establishment of the Japan-Kazakhstan Medical Hub
// (30 rows)
