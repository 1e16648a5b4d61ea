// MedCom's OIOXML code lists as the gateway reads and writes them: facts copied from the schema sets' ValueLists.xsd,
// GeneralTypes.xsd and the letter schemas (LEGACY.md §2–§4). tests/unit/oioxml/codes.test.ts compares every list
// with the enumerations in ../shared's XSDs, so a drift is caught there, not in production.

export const ACKNOWLEDGEMENT_CODES = ["minuspositivkvitt", "pluspositivkvitt"] as const;

/** IdentifierCodeType (2006/07/01 and 2005/08/07); the 2012/03/28 set (XBIN01) has no `amt`. */
export const IDENTIFIER_CODES = [
  "sygehusafdelingsnummer",
  "ydernummer",
  "lokationsnummer",
  "kommunenummer",
  "amt",
  "sorkode",
] as const;
export const IDENTIFIER_CODES_XBIN01 = IDENTIFIER_CODES.filter((c) => c !== "amt");

/** StatusCodeType; XBIN01 fixes it to `nytbrev`. */
export const STATUS_CODES = ["nytbrev", "rettetbrev"] as const;

/** EpisodeOfCareStatusCode01Type (the letter's restriction of EpisodeOfCareStatusCodeType). */
export const EPISODE_OF_CARE_STATUS_CODES = ["inaktiv", "indlagt", "ambulant", "doed", "ambulant_roentgen"] as const;

/** ClinicalEmail.xsd's AdditionalInformation/Priority. */
export const PRIORITIES = ["rutine", "høj_prioritet"] as const;

/** ObjectCodeType (LEGACY.md §2.1: `biosignaler`, not the use-case document's `biosignal`). */
export const OBJECT_CODES = [
  "tekstfil",
  "billede",
  "program",
  "vektor_grafik",
  "biosignaler",
  "multimedie",
  "proprietaert_indhold",
] as const;

/** ObjectExtensionCodeType of the 2006/07/01 set (XDIS91 references). */
export const OBJECT_EXTENSION_CODES = [
  "pcx",
  "tiff",
  "jpeg",
  "gif",
  "bmp",
  "png",
  "mpg",
  "dcm",
  "scp",
  "txt",
  "rtf",
  "doc",
  "xls",
  "wpd",
  "exe",
  "pdf",
  "wav",
  "avi",
  "mid",
  "rmi",
  "com",
  "zip",
  "bin",
  "inh",
] as const;
/** The 2012/03/28 set (XBIN01) adds `plo` and `fnx`. */
export const OBJECT_EXTENSION_CODES_XBIN01 = [...OBJECT_EXTENSION_CODES, "plo", "fnx"] as const;

/** The receipts' RefuseCode (PositiveReceipt has none; NegativeReceipt and NegativeVansReceipt share the list). */
export const REFUSE_CODES = [
  "ikke_specificeret",
  "ukendt_lokationsnummer",
  "problem_med_modtagerID",
  "problem_med_version",
  "syntaksfejl",
] as const;

/** MedicalSpecialityCodeType (identical in the 2006/07/01 and 2012/03/28 sets). */
export const MEDICAL_SPECIALITY_CODES = [
  "ikkeklassificeret",
  "intern_medicin_sygehus",
  "geriatri",
  "hepatologi",
  "haematologi",
  "infektionsmedicin",
  "kardiologi",
  "med_allergologi",
  "med_endokrinologi",
  "med_gastroenterologi",
  "med_lungesygdomme",
  "nefrologi",
  "reumatologi",
  "dermato_venerologi_sygehus",
  "neurologi",
  "onkologi",
  "kirurgi_sygehus",
  "karkirurgi",
  "kir_gastroenterologi",
  "plastikkirurgi",
  "thoraxkirurgi",
  "urologi",
  "gynaekologi_obstetrik_sygehus",
  "neurokirurgi",
  "ortopaedisk_kirurgi_sygehus",
  "oftalmologi",
  "oto_rhino_laryngologi",
  "hospitalsodontologi",
  "psykiatri_sygehus",
  "boerne_ungdomspsykiatri",
  "klin_biokemi",
  "klin_fys_nuklearmedicin",
  "klin_immunologi",
  "klin_mikrobiologi",
  "klin_neurofysiologi",
  "patologisk_anatomi",
  "diagnostisk_radiologi",
  "klin_farmakologi",
  "klin_genetik",
  "anaestesiologi_sygehus",
  "arbejdsmedicin",
  "almen_medicin",
  "samfundsmedicin",
  "almenlaege_laegevagt",
  "oejenlaege",
  "oere_naese_halslaege",
  "anaestesiologi_praksis",
  "roentgen_kbh",
  "dermato_venerologi_praksis",
  "roentgen",
  "reumatologi_fysiurgi",
  "gynaekologi_obstetrik_praksis",
  "intern_medicin_praksis",
  "kirurgi_praksis",
  "klinisk_kemi",
  "neuromedicin",
  "ortopaedisk_kirurgi_praksis",
  "patologi",
  "plastkirurgi",
  "psykiatri_praksis",
  "paediatri",
  "boernepsykiatri",
  "tropemedicin",
  "tandlaege",
  "fysioterapi",
  "kiropraktor",
  "briller",
  "fodterapi",
  "fodbehandlking",
  "med_laboratorier",
  "omegnslaboratorier",
  "psykolog",
  "akut",
  "almenlaege_vagtkoersel",
  "almenlaege_vagtlaegehjaelp",
  "blandet",
  "fodterapi_leddegigt",
  "fodterapi_radioaktiv",
  "fysioterapi_sygehus",
  "fysioterapi_vederlagsfri",
  "kiropraktor_64",
  "med_laboratorier_kpll",
  "med_laboratorier_ssi",
  "neurokirurgi_praksis",
  "paediatri_sygehus",
  "palliativ",
  "retsmedicin",
  "ridefysioterapi",
  "ridefysioterapi_vederlagsfri",
  "sexologi",
  "tandplejere",
  "teddy",
  "vagtlaege",
  "vagtlaegehjaelp",
  "vagtlaegehjaelp_kbh",
] as const;

/** The fixed VersionCode of each letter the gateway handles (the XSDs' `xs:pattern` restrictions). */
export const VERSION_CODES = {
  xdis91: "XD9134L",
  xbin01: "XB0131X",
  xctl01: "XC0130Q",
  xctl02: "XC0230Q",
  xctl03: "XC0330Q",
} as const;
