"""Country names as reports write them: a country is where bases stand, never a base itself
("the withdrawal from Chad", "pulled out of Congo"). A plain list of the world's states and the
short and long forms news texts use; `tracker.parse.nations` keeps its own, narrower table of
the nations that send forces.
"""

from __future__ import annotations

_NAMES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|Austria|
Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|
Bosnia|Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cabo Verde|
Cape Verde|Cambodia|Cameroon|Canada|Central African Republic|CAR|Chad|Chile|China|Colombia|Comoros|
Congo|Democratic Republic of Congo|Democratic Republic of the Congo|DR Congo|DRC|Republic of Congo|
Costa Rica|Côte d'Ivoire|Ivory Coast|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|
Dominica|Dominican Republic|East Timor|Timor-Leste|Ecuador|Egypt|El Salvador|Equatorial Guinea|
Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|
Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|
Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|
Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|
Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|Montenegro|
Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands|Holland|New Zealand|Nicaragua|
Niger|Nigeria|North Korea|North Macedonia|Macedonia|Norway|Oman|Pakistan|Palau|Palestine|Panama|
Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|
Russian Federation|Rwanda|Samoa|San Marino|Saudi Arabia|Senegal|Serbia|Seychelles|Sierra Leone|
Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|Somaliland|South Africa|South Korea|
South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|
Thailand|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Türkiye|Turkmenistan|Tuvalu|Uganda|
Ukraine|United Arab Emirates|UAE|United Kingdom|UK|Britain|Great Britain|United States|
United States of America|USA|US|America|Uruguay|Uzbekistan|Vanuatu|Venezuela|Vietnam|Yemen|
Zambia|Zimbabwe|Western Sahara|Europe|Africa|Asia|Middle East|Sahel|Horn of Africa
"""
_DEMONYMS = """
Afghan|Albanian|Algerian|American|Armenian|Australian|Azerbaijani|Bangladeshi|Belgian|
Beninese|Bosnian|British|Bulgarian|Burkinabe|Burundian|Cameroonian|Canadian|Chadian|Chinese|
Congolese|Croatian|Czech|Danish|Djiboutian|Dutch|Egyptian|Emirati|English|Eritrean|Estonian|
Ethiopian|Filipino|Finnish|French|Gabonese|Georgian|German|Ghanaian|Greek|Guinean|
Hungarian|Indian|Indonesian|Iranian|Iraqi|Irish|Israeli|Italian|Ivorian|Japanese|Jordanian|
Kazakh|Kenyan|Korean|Kosovar|Kurdish|Kuwaiti|Latvian|Lebanese|Libyan|
Malawian|Malian|Mauritanian|Mexican|Moroccan|Mozambican|Nigerien|
Norwegian|Omani|Pakistani|Palestinian|Polish|Portuguese|Qatari|Romanian|Russian|Rwandan|Saudi|
Senegalese|Serb|Serbian|Sierra Leonean|Slovak|Slovenian|Somali|Soviet|Spanish|Sudanese|Swedish|
Syrian|Tajik|Tanzanian|Togolese|Tunisian|Turkish|Ugandan|Ukrainian|Uruguayan|
Venezuelan|Vietnamese|Western|Yemeni|Zambian|Zimbabwean|Arab|Allied|Coalition|NATO|UN|U.N.|EU|
Angolan|Argentinian|Bahraini|Belarusian|Bolivian|Burmese|Cambodian|
Cape Verdean|Colombian|Cuban|Cypriot|Ecuadorian|Ecuadorean|Gambian|Guatemalan|
Honduran|Icelandic|Jamaican|Laotian|Macedonian|Malaysian|Maltese|Moldovan|Mongolian|Montenegrin|
Namibian|Nepali|Nicaraguan|Panamanian|Paraguayan|Peruvian|Philippine|Puerto Rican|Salvadoran|
Sahrawi|Singaporean|Taiwanese|Thai|Bruneian|Fijian
"""


def _entries(block: str) -> list[str]:
    """The names of a block, split at bars and at line ends alike: a line that forgets its
    closing bar must not run its last name into the next line's first ("EU" + "Angolan")."""
    return [name.strip() for line in block.splitlines() for name in line.split("|") if name.strip()]


DEMONYMS: frozenset[str] = frozenset(name.lower() for name in _entries(_DEMONYMS))
COUNTRIES: frozenset[str] = frozenset(_entries(_NAMES))
_FOLDED = frozenset(name.lower() for name in COUNTRIES)


def is_demonym(word: str) -> bool:
    """Whether `word` says whose ("British", "Somali", "Filipino"), not which place."""
    return word.strip(" .,'’").lower() in DEMONYMS


def is_country(name: str) -> bool:
    """Whether `name` names a country or a continent-sized region ("Chad", "the Sahel")."""
    text = name.strip().lower()
    if text.startswith("the "):
        text = text[4:]
    return text in _FOLDED
