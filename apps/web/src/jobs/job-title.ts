import type { JobSnapshot } from '@noticias/client';

/** A human name for a job: the headline of an article, the id of a fragment. */
export function jobTitle(job: JobSnapshot): string {
  const meta = job.metadata;
  if (meta?.tipo === 'articulo') return meta.titular;
  if (meta?.tipo === 'fragmento') return `Fragmento ${meta.id_fragmento}`;
  return job.job_id;
}

export function jobKind(job: JobSnapshot): string {
  return job.metadata?.tipo === 'fragmento' ? 'Fragmento' : 'Artículo';
}
