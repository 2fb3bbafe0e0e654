// Word lists of the offline extractor, as plain constant strings. They are turned into Sets and
// Maps once per extractor instance by `createLexicon`, never mutated.

export const STOPWORDS_ES =
  'a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba estado estas este esto estos fue fueron ha había han hasta hay la las le les lo los mas más me mi mientras muy nada ni no nos nuestra nuestro o otra otras otro otros para pero poco por porque que qué quien se ser si sí sin sino sobre su sus también tan tanto te tiene tienen todo todos tras tu un una uno unas unos y ya cada según aunque pues así solo sólo además casi hace donde cuyo cuya esto aquí allí ahí luego entonces';

export const STOPWORDS_EN =
  'a about after all also an and any are as at be because been before being between both but by can could did do does during each for from had has have he her his how i if in into is it its just may more most no not of on once only or other our out over said she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who will with would you your';

// Words that start a sentence in capitals without being a name.
export const SENTENCE_STARTERS =
  'según cada fuentes mientras aunque después antes durante tras hoy ayer mañana además sin con nuestra nuestro nuestros nuestras estas estos este esta ese esa eso otro otra en el la los las un una unos unas lo al del si no primero luego también así pero cuando donde desde hasta para por sobre entre ante it its this that these those there their they we our he she his her in on at as an a the analysts shares officials sources however meanwhile while after before during since when if but and or yet still also today yesterday';

export const MONTHS_ES = 'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre';
export const MONTHS_EN = 'january february march april may june july august september october november december';
export const WEEKDAYS_ES = 'domingo lunes martes miércoles jueves viernes sábado';
export const WEEKDAYS_EN = 'sunday monday tuesday wednesday thursday friday saturday';

// Titles and roles that, before or after a name, make it a person.
export const PERSON_TITLES =
  'ministro ministra presidente presidenta vicepresidente vicepresidenta alcalde alcaldesa portavoz consejero consejera secretario secretaria director directora jefe jefa gobernador gobernadora diputado diputada senador senadora juez jueza fiscal concejal concejala delegado delegada subdelegado subdelegada líder rey reina papa príncipe princesa economista urbanista analista periodista investigador investigadora profesor profesora doctor doctora catedrático catedrática experta experto responsable coordinador coordinadora gerente consejero-delegado fundador fundadora candidato candidata embajador embajadora comisario comisaria comisionado comisionada decano decana rector rectora abogado abogada sindicalista dirigente vocero vocera titular asesor asesora representante canciller primer-ministro premier governor senator mayor president minister secretary spokesman spokeswoman spokesperson chief-executive executive ceo director chairman chairwoman founder analyst economist professor dr mr mrs ms sir judge attorney representative rep sen gov officer commissioner chancellor prime';

// Head words of public bodies.
export const INSTITUTION_HEADS =
  'ministerio consejo congreso senado gobierno junta ayuntamiento tribunal instituto agencia autoridad secretaría confederación comisión parlamento cámara ejecutivo guardia policía unidad diputación generalitat xunta cabildo defensor defensoría fiscalía audiencia oficina dirección subdelegación delegación corte asamblea legislatura presidencia administración servicio ministry department agency institute commission congress senate government council court authority bureau office parliament assembly administration police reserve';

// Head words of organisations that are not public bodies.
export const ORGANISATION_HEADS =
  'partido banco grupo asociación fundación sindicato federación confederación cruz universidad empresa compañía corporación consultora club equipo cooperativa sociedad holding inc corp corporation company ltd llc plc bank party association foundation union university group semiconductor semiconductors technologies technology motors airlines energy pharma holdings capital partners systems labs industries airways bancorp sa sl';

// Words before a name that make it an organisation ("la consultora Equilibra").
export const ORGANISATION_CUES =
  'consultora empresa compañía firma aseguradora constructora tecnológica farmacéutica petrolera eléctrica operadora aerolínea marca cadena grupo firm company startup bank';

export const NORMATIVA_HEADS =
  'ley leyes decreto real-decreto reglamento constitución directiva orden estatuto código presupuestos acuerdo tratado norma act bill regulation directive constitution treaty';

// Words before a name that make it a place ("el municipio de Navalosa").
export const PLACE_CUES =
  'municipio municipal localidad pueblo ciudad provincia región comunidad estado país capital comarca barrio distrito villa isla valle sierra río city town state province county region country village';

export const EVENT_HEADS =
  'cumbre congreso festival mundial juegos olimpiadas campeonato copa conferencia foro feria elecciones summit festival games championship cup conference forum election elections';

export const CONCEPT_ACRONYMS = 'PIB IPC IVA IRPF EPA GDP CPI VAT ERE ERTE SMI IBEX PYME PYMES ODS CO2 COVID IA AI';

// Reporting verbs that attribute a quote to its speaker.
export const ATTRIBUTION_VERBS =
  'dijo dice afirmó afirma declaró declara señaló señala aseguró asegura advirtió advierte explicó explica sostuvo sostiene añadió añade indicó indica subrayó subraya destacó destaca manifestó manifiesta recalcó recalca insistió insiste apuntó apunta precisó precisa reconoció reconoce denunció denuncia defendió defiende criticó critica lamentó lamenta resumió resume admitió admite comentó comenta opinó opina concluyó concluye agregó agrega puntualizó expresó expresa respondió responde según said says told according added noted warned explained stated declared argued insisted claimed wrote asked replied';

// Event verbs, as infinitives (conjugated forms are generated) and as listed irregular forms.
export const EVENT_INFINITIVES_AR =
  'aprobar anunciar presentar publicar informar aumentar bajar alcanzar registrar destinar cerrar estimar calcular desalojar calcinar investigar acumular participar firmar lanzar inaugurar celebrar votar rechazar aceptar adjudicar contratar despedir detener arrestar asesinar matar quemar evacuar realojar declarar afirmar asegurar señalar explicar advertir denunciar criticar reclamar pedir solicitar negociar pactar acordar elevar situar ubicar anticipar prorrogar superar disparar desplomar recortar ampliar reducir invertir financiar costar cotizar multiplicar duplicar triplicar confirmar revelar calificar remitir garantizar ganar derrotar empatar ocupar liderar encabezar decretar legislar regular sancionar multar condenar juzgar imputar acusar ordenar autorizar prohibir limitar frenar suspender activar desactivar iniciar comenzar terminar finalizar culminar completar crear generar emplear plantear proyectar planear programar mantener obligar provocar causar originar afectar dañar destruir arrasar inundar estallar explotar chocar colisionar fallecer lograr entregar reportar informar visitar viajar reunir';
export const EVENT_INFINITIVES_ER_IR =
  'crecer caer subir ocurrir morir fallecer prever decidir establecer producir construir reducir extender incluir excluir recibir abrir resolver exigir sufrir convocar dimitir elegir reelegir emitir suscribir admitir asumir cumplir descubrir prometer vender perder vencer ofrecer comparecer nacer obtener proponer disponer imponer componer exponer sostener';
export const EVENT_IRREGULAR_ES =
  'hubo murieron murió fallecieron fue fueron será serán ha han habrá dijo dijeron hizo hicieron puso pusieron tuvo tuvieron obtuvo obtuvieron propuso propusieron dispuso supuso mantuvo sostuvo prevé prevén previó previeron previsto prevista cayó cayeron cae caen subió subieron crece crecen creció crecieron creció elige eligió eligieron compuso expuso redujo redujeron produjo produjeron construyó construyeron incluyó incluyeron concluyó concluyeron destruyó destruyeron rige regirá entra entrará entrarán podrá podrán deberá deberán tendrá tendrán tendría habrá';
export const EVENT_VERBS_EN =
  'said says announced announces approved approves plans planned will would expects expected invest invests invested build builds built rose rise rises fell falls fall reported reports estimated estimates killed died won lost signed launched opened closed raised cut increased decreased grew grows hit reached voted passed agreed published released told called produce produces produced add adds added employ employs hired fired arrested charged sued acquired bought sold merged filed approved';

export const FUTURE_MARKERS_ES =
  'prevé previsto prevista previstos previstas próximo próxima próximos próximas futuro futura mañana planea proyecta';
export const FUTURE_MARKERS_EN = 'will plans expects expected next upcoming future tomorrow';

// Unit words after a number, with the unit they name.
export const UNIT_WORDS: readonly (readonly [string, string])[] = [
  ['hectáreas', 'hectáreas'],
  ['hectárea', 'hectáreas'],
  ['ha', 'hectáreas'],
  ['hectares', 'hectáreas'],
  ['acres', 'acres'],
  ['grados', 'grados'],
  ['ºc', 'grados'],
  ['°c', 'grados'],
  ['degrees', 'grados'],
  ['personas', 'personas'],
  ['vecinos', 'personas'],
  ['habitantes', 'personas'],
  ['residentes', 'personas'],
  ['people', 'personas'],
  ['residents', 'personas'],
  ['muertos', 'muertos'],
  ['fallecidos', 'muertos'],
  ['víctimas', 'víctimas'],
  ['heridos', 'heridos'],
  ['dead', 'muertos'],
  ['deaths', 'muertos'],
  ['injured', 'heridos'],
  ['peatones', 'peatones'],
  ['trabajadores', 'trabajadores'],
  ['empleos', 'empleos'],
  ['puestos', 'empleos'],
  ['jobs', 'empleos'],
  ['workers', 'trabajadores'],
  ['employees', 'trabajadores'],
  ['viviendas', 'viviendas'],
  ['casas', 'viviendas'],
  ['homes', 'viviendas'],
  ['houses', 'viviendas'],
  ['votos', 'votos'],
  ['escaños', 'escaños'],
  ['diputados', 'escaños'],
  ['votes', 'votos'],
  ['seats', 'escaños'],
  ['km/h', 'km/h'],
  ['kilómetros', 'km'],
  ['km', 'km'],
  ['kilometers', 'km'],
  ['kilometres', 'km'],
  ['miles', 'millas'],
  ['metros', 'm'],
  ['meters', 'm'],
  ['metres', 'm'],
  ['toneladas', 'toneladas'],
  ['tons', 'toneladas'],
  ['tonnes', 'toneladas'],
  ['kilos', 'kg'],
  ['kg', 'kg'],
  ['litros', 'litros'],
  ['litres', 'litros'],
  ['liters', 'litros'],
  ['hm3', 'hm³'],
  ['hm³', 'hm³'],
  ['mw', 'MW'],
  ['gw', 'GW'],
  ['kwh', 'kWh'],
  ['mwh', 'MWh'],
  ['medios', 'medios'],
  ['dotaciones', 'dotaciones'],
  ['unidades', 'unidades'],
  ['vehículos', 'vehículos'],
  ['coches', 'vehículos'],
  ['vehicles', 'vehículos'],
  ['casos', 'casos'],
  ['contagios', 'casos'],
  ['cases', 'casos'],
  ['pacientes', 'pacientes'],
  ['patients', 'pacientes'],
  ['camas', 'camas'],
  ['beds', 'camas'],
  ['años', 'años'],
  ['meses', 'meses'],
  ['días', 'días'],
  ['horas', 'horas'],
  ['years', 'años'],
  ['months', 'meses'],
  ['days', 'días'],
  ['hours', 'horas'],
  ['empresas', 'empresas'],
  ['companies', 'empresas'],
  ['alumnos', 'alumnos'],
  ['estudiantes', 'alumnos'],
  ['students', 'alumnos'],
  ['nanómetros', 'nm'],
  ['nanometer', 'nm'],
  ['nanometers', 'nm'],
  ['nm', 'nm'],
  ['puntos', 'puntos'],
  ['points', 'puntos'],
];

// Keywords per category, as word prefixes (stems), for the triage and the data categories.
export const CATEGORY_STEMS: readonly (readonly [string, string])[] = [
  [
    'economía',
    'presupuest inflaci econom pib déficit deficit deuda impuest fiscal gasto inversi invest precio prices inflation budget euros dólar dolar pesos mercad market bolsa acciones shares empleo desemple paro salari crecimient growth banco bank interés tasas tarifa consumo export import comerci empresa company industri fábrica factory plant reserv financ recaud',
  ],
  [
    'política',
    'gobiern government congres senad parlament ministr elecci election vot partid party ley enmienda diputad oposici president alcald polític politic grupos parlamentari legislat reforma decreto',
  ],
  [
    'sucesos',
    'incendi fuego accident muert fallec herid detenid polic guardia crimen asesin robo desalo evacu siniestr llamas rescat víctim tragedi',
  ],
  [
    'medio ambiente',
    'clima climát ambient emision contamin sequía agua embalse lluvi temperatur calor forestal hectáre incendio biodivers energía renovab residuo water drought climate',
  ],
  ['sanidad', 'sanidad sanitari salud hospital médic enferm pacient vacun virus pandemi epidemi health medical'],
  [
    'sociedad',
    'vivienda alquiler renta educaci escuel universidad pensi social famili peatón peaton movilidad transporte ciudad urban barrio vecino pobreza desigual',
  ],
  [
    'tecnología',
    'tecnolog chip semiconduc software digital internet intelig dato datos tech technology nanómetr nanometer',
  ],
  ['internacional', 'internacional exterior guerra conflict tratado otan onu unión europea diplomac embajad'],
  ['cultura', 'cultur museo libro novela cine película música festival arte teatro'],
  ['deportes', 'deport fútbol futbol partido liga gol equipo campeonat olímp torneo'],
];

export const OPINION_MARKERS_ES =
  'nuestra nuestro nuestros nuestras creo opino pienso considero debemos deberíamos nosotros olvidados';
export const OPINION_MARKERS_EN = 'i we our believe think opinion should must';
export const LEGAL_MARKERS =
  'artículo apartado disposición ley decreto podrá deberán deberá vigor reglamento norma arrendamiento contrato';

export const CURRENCY_WORDS: readonly (readonly [string, string])[] = [
  ['euros', 'EUR'],
  ['euro', 'EUR'],
  ['€', 'EUR'],
  ['dólares', 'USD'],
  ['dólar', 'USD'],
  ['dollars', 'USD'],
  ['dollar', 'USD'],
  ['$', 'USD'],
  ['us$', 'USD'],
  ['usd', 'USD'],
  ['eur', 'EUR'],
  ['libras', 'GBP'],
  ['pounds', 'GBP'],
  ['£', 'GBP'],
  ['yenes', 'JPY'],
  ['yen', 'JPY'],
  ['yuanes', 'CNY'],
  ['yuan', 'CNY'],
  ['francos', 'CHF'],
  ['reales', 'BRL'],
  ['pesos', 'pesos'],
  ['soles', 'PEN'],
  ['bolívares', 'VES'],
];

// The currency of "pesos" depends on the country of publication.
export const PESO_BY_COUNTRY: readonly (readonly [string, string])[] = [
  ['argentina', 'ARS'],
  ['méxico', 'MXN'],
  ['mexico', 'MXN'],
  ['chile', 'CLP'],
  ['colombia', 'COP'],
  ['uruguay', 'UYU'],
  ['cuba', 'CUP'],
  ['filipinas', 'PHP'],
  ['república dominicana', 'DOP'],
];

export const SCALE_WORDS: readonly (readonly [string, number])[] = [
  ['mil millones', 1e9],
  ['millones', 1e6],
  ['millón', 1e6],
  ['billones', 1e12],
  ['billón', 1e12],
  ['mil', 1e3],
  ['billion', 1e9],
  ['million', 1e6],
  ['trillion', 1e12],
  ['thousand', 1e3],
  ['bn', 1e9],
];

export const FIRST_NAMES =
  'adrián alberto alejandro alejandra alfonso alicia álvaro amparo ana andrés ángel ángela antonio antonia beatriz belén carlos carmen carolina catalina césar clara concepción cristina daniel david diego dolores eduardo elena elisa emilio enrique esteban eva federico felipe fernando francisco gabriel gabriela gloria gonzalo guillermo gustavo héctor ignacio inés irene isabel jaime javier jesús joaquín jorge josé josefa juan juana julia julio laura leticia lorena lucía luis luisa manuel manuela marcos margarita maría mariano marina marta martín mercedes miguel mónica natalia nicolás nuria óscar pablo patricia paula pedro pilar rafael ramón raquel raúl ricardo roberto rocío rosa rubén salvador santiago sara sergio silvia sofía susana teresa tomás valentina verónica vicente víctor yolanda pedro iñigo iker jordi montserrat xavier núria josep joan jan mark john james robert michael william david richard joseph thomas charles christopher daniel matthew anthony donald steven paul andrew joshua kenneth kevin brian george edward ronald timothy jason jeffrey ryan jacob gary nicholas eric stephen jonathan larry justin scott brandon frank benjamin gregory samuel raymond patrick alexander jack dennis jerry tyler aaron henry peter mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella charlotte rose alexis kayla priya dana emmanuel olaf giorgia ursula vladimir xi narendra recep lula javier gustavo claudia cristina alberto isabel';
