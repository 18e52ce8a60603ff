package spreadsheet

import (
	"strings"

	"partnermap/data"
)

// column is one of the columns the import reads.
type column int

// The columns, in the order the download writes them.
const (
	colPartner column = iota
	colKind
	colRole
	colCity
	colCountry
	colWebsite
	colLat
	colLon
	colLocalName
	colFocusArea
	colDescription
	colPartnerSlug
	colCitySlug
	columnCount
)

// headers name each column in English, as the download writes them, then
// in the other interface languages and as people also write them: a
// header is recognised in any of them, with case, accents and punctuation
// aside, and without a remark in brackets ("Latitude (WGS84)"). The
// column names of the CSV download (local_name) are among them, so that
// it imports too.
var headers = [columnCount][]string{
	colPartner: {"partner",
		"partner name", "name", "organisation", "organization", "partner organisation", "partner organization", "member", // en
		"partnername", "organisation", // de
		"nome", "organizzazione", "ente", "nome partner", // it
		"partenaire", "nom", "nom du partenaire", // fr
		"партньор", "име", "организация", // bg
		"partener", "nume", "organizație", "organizatie", // ro
		"naam", "organisatie", // nl
		"nazwa", "organizacja", "nazwa partnera", // pl
		"namn",                                                // sv
		"socio", "nombre", "organización", "nombre del socio", // es
	},
	colKind: {"kind",
		"type", "partner type", "kind of partner",
		"art", "typ", "partnertyp",
		"tipo", "tipologia",
		"type de partenaire",
		"вид", "тип",
		"tip",
		"soort",
		"rodzaj",
		"slag",
		"tipo de socio",
	},
	colRole: {"role",
		"partner role",
		"rolle",
		"ruolo",
		"rôle",
		"роля",
		"rol",
		"rola",
		"roll",
		"papel",
	},
	colCity: {"city",
		"town", "place", "city name",
		"stadt", "ort",
		"città", "comune",
		"ville", "commune",
		"град", "населено място",
		"oraș", "oras", "localitate",
		"stad", "plaats",
		"miasto", "miejscowość",
		"ciudad", "localidad",
	},
	colCountry: {"country",
		"land", "staat",
		"paese", "nazione", "stato",
		"pays",
		"държава", "страна",
		"țară", "tara",
		"kraj", "państwo",
		"país",
	},
	colWebsite: {"website",
		"web site", "web", "url", "homepage", "site", "web address",
		"webseite", "internetseite", "internetadresse",
		"sito", "sito web", "sito internet",
		"site web", "site internet",
		"уебсайт", "сайт",
		"site web",
		"webpagina", "webadres",
		"strona", "strona internetowa", "strona www",
		"webbplats", "hemsida",
		"sitio web", "página web",
	},
	colLat: {"latitude",
		"lat",
		"breitengrad", "breite",
		"latitudine",
		"географска ширина", "ширина",
		"breedtegraad", "breedte",
		"szerokość geograficzna", "szerokość",
		"latitud",
	},
	colLon: {"longitude",
		"lon", "lng", "long",
		"längengrad", "länge",
		"longitudine",
		"географска дължина", "дължина",
		"lengtegraad", "lengte",
		"długość geograficzna", "długość",
		"longitud",
	},
	colLocalName: {"local name",
		"name in the local language",
		"lokaler name", "name in der landessprache",
		"nome locale", "nome in lingua locale",
		"nom local", "nom dans la langue locale",
		"местно име",
		"nume local",
		"lokale naam",
		"nazwa lokalna",
		"lokalt namn",
		"nombre local",
	},
	colFocusArea: {"focus area",
		"area", "district",
		"schwerpunktgebiet", "fokusgebiet", "gebiet",
		"area di intervento", "quartiere",
		"zone d'intervention", "quartier",
		"фокусна зона", "зона",
		"zonă de intervenție", "zona",
		"focusgebied", "wijk",
		"obszar", "obszar działań",
		"fokusområde", "område",
		"zona de actuación", "área", "barrio",
	},
	colDescription: {"description",
		"beschreibung",
		"descrizione",
		"описание",
		"descriere",
		"beschrijving", "omschrijving",
		"opis",
		"beskrivning",
		"descripción",
	},
	colPartnerSlug: {"partner slug"},
	colCitySlug:    {"city slug"},
}

// name is how messages call a column: its English header.
func (c column) name() string { return headers[c][0] }

// required are the columns every sheet must have; the others may be left
// out, coordinates among them, which the gazetteer then finds.
var required = []column{colPartner, colKind, colRole, colCity, colCountry}

// headerKey is a header as it is matched: folded, without the remarks in
// brackets, (...) or [...], or the asterisk marking a required column,
// which a header may carry.
func headerKey(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			end := byte(')')
			if s[i] == '[' {
				end = ']'
			}
			if n := strings.IndexByte(s[i+1:], end); n >= 0 {
				b.WriteByte(' ')
				i += n + 1
				continue
			}
		case '*':
			b.WriteByte(' ')
			continue
		}
		b.WriteByte(s[i])
	}
	return data.Fold(b.String())
}

// headerColumns maps each header's key to its column.
func headerColumns() map[string]column {
	m := map[string]column{}
	for c, names := range headers {
		for _, n := range names {
			if _, taken := m[headerKey(n)]; !taken {
				m[headerKey(n)] = column(c)
			}
		}
	}
	return m
}

// kinds and roles are the words for each kind and role in the interface
// languages and as spreadsheets write them; the file's own word comes
// first.
var (
	kinds = map[data.Kind][]string{
		data.KindCity: {"city",
			"municipality", "city council", "town", "local authority", "council",
			"stadt", "gemeinde", "kommune", "stadtverwaltung",
			"città", "comune",
			"ville", "commune", "municipalité",
			"град", "община",
			"oraș", "municipiu", "primărie", "primăria",
			"stad", "gemeente",
			"miasto", "gmina",
			"kommun",
			"ciudad", "ayuntamiento", "municipio",
		},
		data.KindOrganisation: {"organisation",
			"organization", "ngo", "association", "university", "agency", "company",
			"verein", "verband", "hochschule", "universität",
			"organizzazione", "ente", "associazione", "università",
			"association", "université",
			"организация", "сдружение",
			"organizație", "organizatie", "asociație",
			"organisatie", "vereniging",
			"organizacja", "stowarzyszenie",
			"förening",
			"organización", "entidad", "asociación", "universidad",
		},
	}
	roles = map[data.Role][]string{
		data.RoleCoordinator: {"coordinator",
			"lead partner", "lead", "leader", "lead beneficiary",
			"koordination", "koordinator", "koordinatorin", "leadpartner", "federführend",
			"coordinatore", "coordinatrice", "capofila",
			"coordinateur", "chef de file",
			"координатор", "водещ партньор",
			"coordonator", "partener principal", "lider",
			"coördinator", "hoofdpartner", "penvoerder",
			"koordynator", "partner wiodący",
			"samordnare", "huvudpartner",
			"coordinador", "coordinadora", "socio principal", "jefe de fila",
		},
		data.RolePartner: {"partner",
			"project partner", "member", "beneficiary",
			"projektpartner", "partnerin",
			"partenaire",
			"партньор",
			"partener",
			"socio", "socia",
		},
	}
)

// words maps the folded words of kinds or roles to what they stand for.
func words[T comparable](table map[T][]string) map[string]T {
	m := map[string]T{}
	for v, ws := range table {
		for _, w := range ws {
			m[data.Fold(w)] = v
		}
	}
	return m
}
