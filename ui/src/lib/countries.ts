// ISO-3166-1 alpha-2 codes (JSearch `country`), with English names from the runtime's ICU data.
const CODES =
  'ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv bw by bz ' +
  'ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et fi fj fk fm fo ' +
  'fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je ' +
  'jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo ' +
  'mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw ' +
  'py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm ' +
  'tn to tr tt tv tw tz ua ug um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw';

export const COUNTRY_CODES: readonly string[] = CODES.split(' ');
const COUNTRY_SET = new Set(COUNTRY_CODES);

export const isCountryCode = (code: string): boolean => COUNTRY_SET.has(code);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

// Intl.DisplayNames#of is slow enough to show up in list-page profiles; names never change.
const countryNames = new Map<string, string>();
export function countryName(code: string): string {
  const key = code.toLowerCase();
  if (!isCountryCode(key)) return code;
  let name = countryNames.get(key);
  if (name === undefined) {
    name = regionNames.of(key.toUpperCase()) ?? code;
    countryNames.set(key, name);
  }
  return name;
}

export interface Option {
  value: string;
  label: string;
}

export const COUNTRY_OPTIONS: readonly Option[] = COUNTRY_CODES.map((code) => ({
  value: code,
  label: `${countryName(code)} (${code})`,
})).sort((a, b) => a.label.localeCompare(b.label));

// Languages JSearch is commonly asked for; any ISO-639-1 code is accepted by the schema.
const COMMON_LANGUAGES = 'ar cs da de el en es fi fr he hi hu id it ja ko nl no pl pt ro ru sv th tr uk vi zh'.split(
  ' ',
);

export const languageName = (code: string): string => languageNames.of(code) ?? code;

export const LANGUAGE_OPTIONS: readonly Option[] = COMMON_LANGUAGES.map((code) => ({
  value: code,
  label: `${languageName(code)} (${code})`,
})).sort((a, b) => a.label.localeCompare(b.label));
