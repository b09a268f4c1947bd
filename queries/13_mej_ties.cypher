// Everything Medical Excellence JAPAN (MEJ) is tied to, by relationship type and counterpart.
MATCH (m {name: 'Medical Excellence JAPAN'})-[r]-(o)
RETURN type(r) AS relationship, o.name AS counterpart, count(*) AS times
ORDER BY relationship, counterpart;

// expect:
// relationship,counterpart,times
// ORGANIZED,"GMCC Japan-China online exchange, 2020-05-29",1
// ORGANIZED,"NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24",1
// PARTICIPATED_IN,"NCGM Hospital-Kazakhstan COVID-19 video conference, 2020-03-24",1
// PARTNERED_WITH,Global MediXchange for Fighting COVID-19,1
// PARTNERED_WITH,Government of Japan,1
// PARTNERED_WITH,Healthcare Policy Promotion Council,1
// PARTNERED_WITH,Japan Medical Internationalization Organization,1
// PARTNERED_WITH,Medical International Expansion Task Force,1
// PARTNERED_WITH,"Ministry of Economy, Trade and Industry",2
// PARTNERED_WITH,"Ministry of Education, Culture, Sports, Science and Technology",1
// PARTNERED_WITH,Ministry of Foreign Affairs of Japan,2
// PARTNERED_WITH,"Office of Healthcare Policy, Cabinet Secretariat",1
// REQUESTED_SUPPORT_FROM,Ministry of Healthcare of the Republic of Kazakhstan,2
// SUPPORTED,Cambodia Emergency and Critical Care Center and Graduate School,1
// SUPPORTED,Government of Japan,2
// SUPPORTED,Hokuto Imaging Diagnostic Center,1
// SUPPORTED,Japan-Qatar Regenerative Medicine and Cell Sheet Center,1
// SUPPORTED,Japan-Russia Advanced Medical Center (tentative name),1
// SUPPORTED,Japan-UAE Advanced Medical Research Center (tentative name),1
// SUPPORTED,Medical International Expansion Task Force,1
// SUPPORTED,"Ministry of Economy, Trade and Industry",1
// SUPPORTED,"Office of Healthcare Policy, Cabinet Secretariat",1
// (22 rows)
