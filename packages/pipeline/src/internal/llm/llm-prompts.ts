// Our own prompts, one per phase. They ask for JSON only and for text copied verbatim, because
// every item's offsets are found by searching its text in the input.

export const SYSTEM_PROMPT =
  'Eres un analista de noticias que extrae información estructurada. Respondes únicamente con un objeto JSON válido, sin texto adicional ni bloques de código.';

export function triagePrompt(text: string, title: string | null): string {
  return `Evalúa la relevancia informativa del texto.
Devuelve un objeto JSON con estas claves:
- "es_relevante" (booleano)
- "decision_triaje": "PROCESAR", "CONSIDERAR" o "DESCARTAR"
- "justificacion_triaje" (una frase en español)
- "categoria_principal" (p. ej. "economía", "política", "sucesos", "medio ambiente", "sanidad", "sociedad", "tecnología")
- "palabras_clave_triaje" (lista de hasta 8 palabras)
- "puntuacion_triaje" (número de 0 a 10)
- "idioma_detectado" (código ISO 639-1, p. ej. "es" o "en")
- "tipo_articulo": "noticia", "opinion", "normativa" o "entrevista"
${title ? `Titular: ${title}\n` : ''}Texto:
"""
${text}
"""`;
}

export function extractionPrompt(text: string): string {
  return `Extrae los hechos y las entidades nombradas del texto.
Devuelve un objeto JSON con dos listas:
- "hechos": cada uno con "texto" (la oración del hecho COPIADA LITERALMENTE del texto), "tipo_hecho" (SUCESO, ANUNCIO, DECLARACION, BIOGRAFIA, CONCEPTO, NORMATIVA o EVENTO), "fecha_inicio" y "fecha_fin" (ISO 8601 o null), "precision_temporal" ("dia", "mes", "año", "relativa" o "sin_fecha"), "pais", "region", "ciudad" (listas de nombres), "es_futuro" (booleano), "confianza" (0 a 1).
- "entidades": cada una con "texto" (tal como aparece en el texto), "tipo" (PERSONA, ORGANIZACION, INSTITUCION, LUGAR, EVENTO, NORMATIVA o CONCEPTO), "descripcion" (cargo o papel, o null), "alias" (lista, p. ej. siglas), "relevancia" (0 a 1).
Texto:
"""
${text}
"""`;
}

export function quotesDataPrompt(text: string): string {
  return `Extrae las citas textuales y los datos cuantitativos del texto.
Devuelve un objeto JSON con dos listas:
- "citas": cada una con "texto" (las palabras citadas COPIADAS LITERALMENTE, sin comillas), "persona_citada" (nombre de quien habla o null), "relevancia" (1 a 5).
- "datos": cada uno con "texto" (la cifra con su unidad COPIADA LITERALMENTE, p. ej. "3.400 millones de euros"), "descripcion", "valor" (número, con la escala aplicada), "unidad" (p. ej. "%", "EUR", "USD", "personas" o null), "fecha" (ISO 8601 o null), "categoria" (económico, demográfico, electoral, social, presupuestario, sanitario, ambiental, conflicto u otro), "tipo_periodo", "tendencia" ("alza", "baja" o null), "variacion_porcentual" (número o null), "ambito_geografico" (lista).
Texto:
"""
${text}
"""`;
}

export function normalisationPrompt(entities: string, facts: string, data: string): string {
  return `Normaliza las entidades y relaciona los hechos.
Entidades (id: texto [tipo]):
${entities}
Hechos (id: texto):
${facts}
Datos (hecho: descripción = valor unidad):
${data}
Devuelve un objeto JSON con:
- "grupos": entidades que nombran lo mismo, cada uno con "nombre_normalizado" e "ids_entidades" (ids de la lista).
- "entidad_entidad": relaciones dichas en el texto, cada una con "entidad_origen_id", "entidad_destino_id", "tipo_relacion".
- "hecho_hecho": cada una con "hecho_origen_id", "hecho_destino_id", "tipo_relacion", "fuerza_relacion" (0 a 1).
- "contradicciones": hechos que dan valores distintos para un mismo indicador, cada una con "hecho_principal_id", "hecho_contradictorio_id", "tipo_contradiccion", "grado_contradiccion" (1 a 5).`;
}
